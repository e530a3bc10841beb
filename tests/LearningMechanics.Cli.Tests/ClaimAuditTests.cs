using LearningMechanics.Cli.Auditing;
using LearningMechanics.Cli.Running;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Statistics;
using LearningMechanics.Predictions.SolvableSettings;

namespace LearningMechanics.Cli.Tests;

/// <summary>The audit's arithmetic on chosen results: false alarms, control tallies, resolving margin, spread.</summary>
public sealed class ClaimAuditTests
{
    // dln-saxe-modes declares a 10% resolving margin; these runs use a ±5% band around 1, like the claim's own.
    private static readonly DeepLinearSaxeModes Claim = new();

    private static (long, RunResult) Run(long offset, bool control, double value, double halfWidth = 0.002)
    {
        var parameters = control ? Claim.ControlParameters(Tier.Smoke) : Claim.Defaults(Tier.Smoke);
        IReadOnlyList<long> seeds = [offset + 1, offset + 2, offset + 3];
        var estimate = new Estimate(value, value - halfWidth, value + halfWidth, 3);
        var check = Prediction.Around("ratio", "ratio = 1", 1.0, 0.05, "test band").Evaluate(estimate);
        var outcome = new ClaimOutcome(Claim.Id, control, parameters, seeds, new Measurement().Add("ratio", estimate), [check], 1);
        return (offset, new RunResult(new PlannedRun(Claim, control, parameters, seeds), outcome, null, null, null, 1));
    }

    [Fact]
    public void CleanAuditPassesAndReportsSpread()
    {
        var audit = ClaimAudit.Of(Claim, [Run(0, false, 1.00), Run(0, true, 2), Run(100, false, 1.02), Run(100, true, 2.5), Run(200, false, 0.98), Run(200, true, 3)]);

        Assert.True(audit.Passes);
        Assert.Equal(new VerdictTally(3, 3, 0, 0, 0), audit.Claims);
        Assert.Equal(new VerdictTally(3, 0, 3, 0, 0), audit.Controls);
        Assert.Equal(3, audit.ControlsShown);
        Assert.Equal(3, audit.Resolved);
        Assert.Equal([0L, 100, 200], audit.Offsets);
        var spread = Assert.Single(audit.Spread);
        Assert.Equal(1.0, spread.Mean, 12);
        Assert.Equal(0.02, spread.Sd, 12);
        Assert.Equal(0.98, spread.Min, 12);
        Assert.Equal(1.02, spread.Max, 12);
        Assert.Equal(0.05 / 0.02, spread.HalfWidthOverSd, 9);
    }

    [Fact]
    public void FalseAlarmAndUnfalsifiedControlFailTheAudit()
    {
        var falseAlarm = ClaimAudit.Of(Claim, [Run(0, false, 1.00), Run(100, false, 1.2), Run(0, true, 2), Run(100, true, 2)]);
        Assert.False(falseAlarm.Passes);
        Assert.Equal(1, falseAlarm.Claims.Falsified);

        var toothless = ClaimAudit.Of(Claim, [Run(0, false, 1.00), Run(0, true, 1.01)]);
        Assert.False(toothless.Passes);
        Assert.Equal(1, toothless.Controls.Holds);
    }

    [Fact]
    public void AControlFalsifiedOnlyByNaNFailsTheAudit()
    {
        var audit = ClaimAudit.Of(Claim, [Run(0, false, 1.00), Run(0, true, double.NaN), Run(100, false, 1.00), Run(100, true, 2)]);
        Assert.Equal(2, audit.Controls.Falsified);
        Assert.Equal(1, audit.ControlsShown);
        Assert.False(audit.Passes);
        var nanControl = Run(0, true, double.NaN).Item2;
        Assert.False(nanControl.AsExpected);
        Assert.Equal("Falsified ✗ (only by NaN)", nanControl.VerdictText);
    }

    [Fact]
    public void AMeasurementTooWideForTheMarginIsNotResolved()
    {
        // CI ±0.06 around 1: the band moved by 10% ([1.05, 1.15]) still overlaps it, so the margin is not resolved.
        var audit = ClaimAudit.Of(Claim, [Run(0, false, 1.0, halfWidth: 0.06), Run(0, true, 2)]);
        Assert.Equal(0, audit.Resolved);
        Assert.False(audit.Passes);
    }

    [Fact]
    public void ADivergedRunCountsInTheSpreadButNotItsStatistics()
    {
        var spread = QuantitySpread.Of("q", [1.0, double.NaN, 3.0], 0, 4);
        Assert.Equal(3, spread.Count);
        Assert.Equal(2.0, spread.Mean, 12);
        Assert.Equal(Math.Sqrt(2), spread.Sd, 12);
        Assert.True(double.IsNaN(QuantitySpread.Of("q", [double.NaN], 0, 1).Mean));
    }
}
