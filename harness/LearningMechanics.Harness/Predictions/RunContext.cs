using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Harness.Predictions;

/// <summary>Where and how a claim runs: tier, device, seeds, and a sink for progress on long work.</summary>
public sealed record RunContext(Tier Tier, ComputeDevice Device, IReadOnlyList<long> Seeds, IProgress<ProgressReport>? Progress = null)
{
    public void Report(string stage, int done, int total) => Progress?.Report(new ProgressReport(stage, done, total));
}

/// <summary>How far a claim's experiment has got (e.g. seed 2 of 3, step 400 of 1000).</summary>
public readonly record struct ProgressReport(string Stage, int Done, int Total);
