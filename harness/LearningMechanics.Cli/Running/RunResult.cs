using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Records;

namespace LearningMechanics.Cli.Running;

/// <summary>What one planned run came to: its outcome and record, or the error that stopped it.</summary>
public sealed record RunResult(PlannedRun Run, ClaimOutcome? Outcome, RunRecord? Record, string? RecordPath, string? Error, double WallSeconds)
{
    public static RunResult Completed(PlannedRun run, ClaimOutcome outcome, RunRecord record, string recordPath) =>
        new(run, outcome, record, recordPath, null, outcome.WallSeconds);

    public static RunResult Failed(PlannedRun run, string error, double wallSeconds) => new(run, null, null, null, error, wallSeconds);

    public Verdict? Verdict => Outcome?.Verdict;

    /// <summary>A claim held; a control was falsified by a finite measurement (<see cref="ClaimOutcome.IsFalsifiedByFiniteMeasurement"/>).</summary>
    public bool AsExpected => Run.IsControl ? Outcome?.IsFalsifiedByFiniteMeasurement == true : Verdict == Run.Expected;

    /// <summary>
    /// "Holds ✓", "Falsified ✓" for a control, "Holds ✗" for a control that could not fail, "Falsified ✗ (only by NaN)"
    /// for a control falsified by no finite measurement, "error".
    /// </summary>
    public string VerdictText => Verdict switch
    {
        null => "error",
        Harness.Predictions.Verdict.Falsified when Run.IsControl && !AsExpected => "Falsified ✗ (only by NaN)",
        { } v => $"{v} {(AsExpected ? "✓" : "✗")}",
    };
}
