using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Predictions.Tests;

/// <summary>
/// Runs a claim and its negative control once per test class at the smoke tier, on the device LM_DEVICE selects and
/// the seeds LM_SEED_OFFSET shifts, so the claim, control and rival tests share one measurement.
/// </summary>
public class ClaimFixture<TClaim> where TClaim : Claim, new()
{
    private readonly Lazy<ClaimOutcome> claim;
    private readonly Lazy<ClaimOutcome> control;

    public ClaimFixture()
    {
        claim = new Lazy<ClaimOutcome>(() => Run(Claim.Defaults(Tier.Smoke), isControl: false));
        control = new Lazy<ClaimOutcome>(() => Run(Claim.ControlParameters(Tier.Smoke), isControl: true));
    }

    public TClaim Claim { get; } = new();

    public ClaimOutcome ClaimOutcome => claim.Value;

    public ClaimOutcome ControlOutcome => control.Value;

    /// <summary>The claim's own measurement set against its rival theory's predictions.</summary>
    public ClaimOutcome RivalOutcome => Claim.Evaluate(ClaimOutcome.Parameters, ClaimOutcome.Seeds, ClaimOutcome.Measurement,
        Claim.PredictRival(ClaimOutcome.Parameters), isControl: false, wallSeconds: 0);

    public static RunContext Context(Claim claim, Tier tier) =>
        new(tier, ComputeDevice.FromEnvironment(), SeedPlan.Seeds(claim.SeedCount(tier), SeedPlan.OffsetFromEnvironment()));

    private ClaimOutcome Run(ClaimParameters parameters, bool isControl)
    {
        var outcome = Claim.Run(parameters, Context(Claim, Tier.Smoke), isControl);
        TestContext.Current.SendDiagnosticMessage(outcome.ToString());
        return outcome;
    }
}
