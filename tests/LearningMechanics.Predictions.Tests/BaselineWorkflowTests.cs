using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Records;
using LearningMechanics.Harness.Statistics;
using LearningMechanics.Predictions.SolvableSettings;

namespace LearningMechanics.Predictions.Tests;

/// <summary>
/// The regression path end to end on a real claim run, in a temporary baselines folder (the committed baselines are
/// never touched): no baseline → fails and writes a received file; accept → matches; a measurement shifted past its
/// tolerance and CIs → fails with the table; accept again → matches.
/// </summary>
public sealed class BaselineWorkflowTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lm-workflow-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ShiftedMeasurementFailsWithTableAndPassesAfterAccept()
    {
        var claim = new DeepLinearSaxeModes();
        var parameters = claim.Defaults(Tier.Smoke).With(("steps", "1200"));
        var context = new RunContext(Tier.Smoke, ComputeDevice.Cpu, SeedPlan.Seeds(2, 0));
        var outcome = claim.Run(parameters, context);
        var record = RunRecords.From(claim, outcome, context, repositoryRoot: null);
        var store = new BaselineStore(folder);

        Assert.Equal(BaselineStatus.Missing, store.Check(record).Status);
        store.Accept([claim.Id]);
        Assert.Equal(BaselineStatus.Matches, store.Check(record).Status);

        // Shift one quantity by ten times its CI width: past the declared tolerance and the combined CIs.
        var shiftedMeasurement = new Measurement();
        foreach (var (name, e) in outcome.Measurement.Quantities)
        {
            double shift = name.Contains("s=3", StringComparison.Ordinal) ? 10 * (e.High - e.Low) + 0.01 : 0;
            shiftedMeasurement.Add(name, new Estimate(e.Value + shift, e.Low + shift, e.High + shift, e.Count));
        }
        var shifted = claim.Evaluate(parameters, outcome.Seeds, shiftedMeasurement, claim.Predict(parameters), isControl: false, outcome.WallSeconds);
        var check = store.Check(RunRecords.From(claim, shifted, context, repositoryRoot: null));

        Assert.Equal(BaselineStatus.Mismatch, check.Status);
        Assert.Contains("| quantity | approved | received | difference | tolerance |", check.Message);
        Assert.Contains("logit slope/(2·lr·s) for s=3", check.Message);
        Assert.True(File.Exists(store.ReceivedPath(claim.Id, "smoke", "cpu")));

        store.Accept([claim.Id]);
        Assert.Equal(BaselineStatus.Matches, store.Check(RunRecords.From(claim, shifted, context, repositoryRoot: null)).Status);
    }
}
