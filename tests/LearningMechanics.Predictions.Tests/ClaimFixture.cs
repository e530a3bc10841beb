using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Records;

namespace LearningMechanics.Predictions.Tests;

/// <summary>
/// Runs a claim and its negative control once per test class at the smoke tier (and, when a full-tier test asks, once
/// at the full tier), on the device LM_DEVICE selects and the seeds LM_SEED_OFFSET shifts, so the claim, control, rival
/// and baseline tests of a tier share one measurement. Every run is written as a record under artifacts/records/{run}/.
/// </summary>
public class ClaimFixture<TClaim> where TClaim : Claim, new()
{
    private readonly Lazy<(ClaimOutcome Outcome, RunRecord Record)> claim;
    private readonly Lazy<(ClaimOutcome Outcome, RunRecord Record)> control;
    private readonly Lazy<(ClaimOutcome Outcome, RunRecord Record)> fullClaim;
    private readonly Lazy<(ClaimOutcome Outcome, RunRecord Record)> fullControl;

    public ClaimFixture()
    {
        claim = new(() => Run(Tier.Smoke, isControl: false));
        control = new(() => Run(Tier.Smoke, isControl: true));
        fullClaim = new(() => Run(Tier.Full, isControl: false));
        fullControl = new(() => Run(Tier.Full, isControl: true));
    }

    public TClaim Claim { get; } = new();

    public ClaimOutcome ClaimOutcome => claim.Value.Outcome;

    public RunRecord ClaimRecord => claim.Value.Record;

    public ClaimOutcome ControlOutcome => control.Value.Outcome;

    public ClaimOutcome FullClaimOutcome => fullClaim.Value.Outcome;

    public RunRecord FullClaimRecord => fullClaim.Value.Record;

    public ClaimOutcome FullControlOutcome => fullControl.Value.Outcome;

    /// <summary>The claim's own measurement set against its rival theory's predictions.</summary>
    public ClaimOutcome RivalOutcome => Claim.Evaluate(ClaimOutcome.Parameters, ClaimOutcome.Seeds, ClaimOutcome.Measurement,
        Claim.PredictRival(ClaimOutcome.Parameters), isControl: false, wallSeconds: 0);

    public static RunContext Context(Claim claim, Tier tier) =>
        new(tier, ComputeDevice.FromEnvironment(), SeedPlan.Seeds(claim.SeedCount(tier), SeedPlan.OffsetFromEnvironment()));

    private (ClaimOutcome, RunRecord) Run(Tier tier, bool isControl)
    {
        var context = Context(Claim, tier);
        var outcome = SideBySideRuns.Run(() => Claim.Run(isControl ? Claim.ControlParameters(tier) : Claim.Defaults(tier), context, isControl));
        var record = RunRecords.From(Claim, outcome, context, TestRepository.Root);
        string path = RecordStore.ForRepository(TestRepository.Root).Write(record);
        TestContext.Current.SendDiagnosticMessage($"{outcome} (record: {path})");
        return (outcome, record);
    }
}
