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

    public bool AsExpected => Verdict == Run.Expected;

    /// <summary>"Holds ✓", "Falsified ✓" for a control, "Holds ✗" for a control that could not fail, "error".</summary>
    public string VerdictText => Verdict is { } v ? $"{v} {(AsExpected ? "✓" : "✗")}" : "error";
}
