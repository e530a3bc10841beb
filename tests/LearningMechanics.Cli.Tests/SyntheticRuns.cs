using LearningMechanics.Cli.Running;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Statistics;
using LearningMechanics.Predictions.SolvableSettings;
using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Cli.Tests;

/// <summary>Run results with chosen measurements, for the verdict, table and progress tests (no training).</summary>
internal static class SyntheticRuns
{
    private static readonly DeepLinearSaxeModes Claim = new();

    /// <summary>One run whose single quantity "ratio" is predicted in [0.9, 1.1] and measured as value ± halfWidth.</summary>
    public static RunResult Result(bool control, double value, double halfWidth = 0.01)
    {
        var parameters = control ? Claim.ControlParameters(Tier.Smoke) : Claim.Defaults(Tier.Smoke);
        IReadOnlyList<long> seeds = [1, 2, 3];
        var estimate = new Estimate(value, value - halfWidth, value + halfWidth, 3);
        var check = Prediction.Around("ratio", "ratio = 1", 1.0, 0.1, "test band").Evaluate(estimate);
        var outcome = new ClaimOutcome(Claim.Id, control, parameters, seeds, new Measurement().Add("ratio", estimate), [check], 1.5);
        return new RunResult(new PlannedRun(Claim, control, parameters, seeds), outcome, null, null, null, outcome.WallSeconds);
    }

    public static RunResult Failed(bool control) =>
        RunResult.Failed(new PlannedRun(Claim, control, Claim.Defaults(Tier.Smoke), [1]), "InvalidOperationException: broken", 0.5);
}
