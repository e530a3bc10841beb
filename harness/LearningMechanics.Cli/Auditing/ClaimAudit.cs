using LearningMechanics.Cli.Running;
using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Cli.Auditing;

/// <summary>
/// One claim over N seed offsets: how often the claim held (every other verdict is a false alarm, since the theory
/// did not change), how its quantities scattered, how often its negative control was falsified (it must be every
/// time, and by a finite measurement), and at how many offsets the measurement still falsified the predictions
/// shifted by the claim's declared resolving margin in both directions.
/// </summary>
public sealed record ClaimAudit(string Claim, VerdictTally Claims, VerdictTally Controls, int ControlsShown, int Resolved, IReadOnlyList<QuantitySpread> Spread, IReadOnlyList<long> Offsets)
{
    /// <summary>
    /// Every claim run held, every control run was falsified by a finite measurement (<see cref="ControlsShown"/>), and the
    /// resolving margin was resolved at every offset.
    /// </summary>
    public bool Passes =>
        Claims.Holds == Claims.Runs && ControlsShown == Controls.Runs && Resolved == Claims.Runs;

    public static ClaimAudit Of(Claim claim, IReadOnlyList<(long Offset, RunResult Result)> runs)
    {
        var claimRuns = runs.Where(r => !r.Result.Run.IsControl).ToList();
        var controlRuns = runs.Where(r => r.Result.Run.IsControl).Select(r => r.Result).ToList();
        int resolved = claimRuns.Count(r => r.Result.Outcome is { } o && IsResolved(claim, o));
        var spread = new List<QuantitySpread>();
        var predictions = claimRuns.Select(r => r.Result.Outcome).OfType<ClaimOutcome>().FirstOrDefault()?.Checks.Select(c => c.Prediction).ToList() ?? [];
        foreach (var prediction in predictions)
        {
            var estimates = claimRuns.Select(r => r.Result.Outcome is { } o ? o.Measurement[prediction.Quantity].Value : double.NaN).ToList();
            spread.Add(QuantitySpread.Of(prediction.Quantity, estimates, prediction.Low, prediction.High));
        }
        int controlsShown = controlRuns.Count(r => r.Outcome?.IsFalsifiedByFiniteMeasurement == true);
        return new ClaimAudit(claim.Id, VerdictTally.Of(claimRuns.Select(r => r.Result)), VerdictTally.Of(controlRuns), controlsShown, resolved, spread,
            claimRuns.Select(r => r.Offset).ToList());
    }

    /// <summary>The run's own measurement falsifies the predictions moved by the declared margin, up and down.</summary>
    public static bool IsResolved(Claim claim, ClaimOutcome outcome) =>
        new[] { 1, -1 }.All(sign =>
        {
            var shifted = claim.ResolvingPower.Perturb(outcome.Checks.Select(c => c.Prediction).ToList(), sign);
            return claim.Evaluate(outcome.Parameters, outcome.Seeds, outcome.Measurement, shifted, isControl: false, wallSeconds: 0).Verdict == Verdict.Falsified;
        });
}
