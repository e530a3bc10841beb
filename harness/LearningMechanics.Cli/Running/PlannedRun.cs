using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Cli.Running;

/// <summary>One run to do: a claim (or its negative control) with its parameters and seeds.</summary>
public sealed record PlannedRun(Claim Claim, bool IsControl, ClaimParameters Parameters, IReadOnlyList<long> Seeds)
{
    public string Label => IsControl ? $"{Claim.Id} (control)" : Claim.Id;

    /// <summary>A claim must hold; its control must be falsified, or the test could not have failed.</summary>
    public Verdict Expected => IsControl ? Verdict.Falsified : Verdict.Holds;
}
