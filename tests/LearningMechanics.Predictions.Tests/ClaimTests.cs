using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Records;

namespace LearningMechanics.Predictions.Tests;

/// <summary>
/// The acceptance tests every claim gets: the prediction holds at the smoke tier, the negative control (same code,
/// another regime) is falsified, and a rival theory close to the right one is falsified by the same measurement, so
/// the test is shown able to fail. The full tier (claim, control, and its own baseline) runs only when LM_TIER=full.
/// </summary>
public abstract class ClaimTests<TClaim>(ClaimFixture<TClaim> fixture) : IClassFixture<ClaimFixture<TClaim>>
    where TClaim : Claim, new()
{
    public static bool IsFullTier => TierSetting.FromEnvironment() == Tier.Full;

    [Fact]
    public void PredictionHolds() => AssertVerdict(Verdict.Holds, fixture.ClaimOutcome, "the prediction");

    [Fact]
    public void NegativeControlIsFalsified() => AssertControlFalsified(fixture.ControlOutcome, $"the negative control ({fixture.Claim.Control.Description})");

    [Fact]
    public void RivalTheoryIsFalsified() => AssertVerdict(Verdict.Falsified, fixture.RivalOutcome, $"the rival theory ({fixture.Claim.RivalDescription})");

    /// <summary>
    /// Resolving power: the same measurement falsifies the predictions moved by the claim's declared margin, up and
    /// down, so the test tells the theory from one that differs by that much.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void PredictionShiftedByResolvingMarginIsFalsified(int sign)
    {
        var claim = fixture.Claim;
        var outcome = fixture.ClaimOutcome;
        var shifted = claim.ResolvingPower.Perturb(claim.Predict(outcome.Parameters), sign);
        var perturbed = claim.Evaluate(outcome.Parameters, outcome.Seeds, outcome.Measurement, shifted, isControl: false, wallSeconds: 0);
        AssertVerdict(Verdict.Falsified, perturbed, $"the prediction shifted by {(sign > 0 ? "+" : "−")}{claim.ResolvingPower.Text} ({claim.ResolvingPower.Description})");
    }

    /// <summary>
    /// The smoke-tier record matches its approved baseline (per tier and device class). A mismatch writes a received file
    /// and shows what moved; a missing baseline is never created silently; LM_ACCEPT=1 approves the received run.
    /// </summary>
    [Fact]
    public void RecordMatchesApprovedBaseline() => AssertMatchesBaseline(fixture.ClaimRecord);

    private static void AssertMatchesBaseline(RunRecord record)
    {
        var check = BaselineStore.ForRepository(TestRepository.Root).Check(record, BaselineStore.AcceptRequested);
        TestContext.Current.SendDiagnosticMessage(check.Message);
        if (check.Status == BaselineStatus.NotComparable)
            TestContext.Current.AddWarning(check.Message);
        if (!check.Passes) Assert.Fail(check.Message);
    }

    private const string FullTierOnly = "full tier: set LM_TIER=full (meant for GPU runners)";

    [Fact(Skip = FullTierOnly, SkipUnless = nameof(IsFullTier))]
    public void FullTierPredictionHolds() => AssertVerdict(Verdict.Holds, fixture.FullClaimOutcome, "the full-tier prediction");

    [Fact(Skip = FullTierOnly, SkipUnless = nameof(IsFullTier))]
    public void FullTierNegativeControlIsFalsified() =>
        AssertControlFalsified(fixture.FullControlOutcome, $"the full-tier negative control ({fixture.Claim.Control.Description})");

    /// <summary>The full-tier record matches its own approved baseline ({claim}.full.{device}.approved.json).</summary>
    [Fact(Skip = FullTierOnly, SkipUnless = nameof(IsFullTier))]
    public void FullTierRecordMatchesApprovedBaseline() => AssertMatchesBaseline(fixture.FullClaimRecord);

    /// <summary>A control must be falsified by something it measured (<see cref="ClaimOutcome.IsFalsifiedByFiniteMeasurement"/>).</summary>
    private static void AssertControlFalsified(ClaimOutcome outcome, string what)
    {
        AssertVerdict(Verdict.Falsified, outcome, what);
        if (!outcome.IsFalsifiedByFiniteMeasurement)
            Assert.Fail($"Expected {what} to be falsified by a finite measurement, but every falsified quantity is NaN or infinite: {outcome.Explanation}");
    }

    private static void AssertVerdict(Verdict expected, ClaimOutcome outcome, string what)
    {
        if (outcome.Verdict != expected)
            Assert.Fail($"Expected {what} to be {expected} but it is {outcome.Verdict}: {outcome.Explanation}");
    }
}
