using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Predictions.SolvableSettings;
using LearningMechanics.Predictions.TractableLimits;

namespace LearningMechanics.Predictions.Tests;

/// <summary>The suite runs claims side by side (<see cref="SideBySideRuns"/>); that must not change a single number.</summary>
public sealed class SideBySideRunsTests
{
    [Fact]
    public async Task AClaimRunBesideAnotherGivesTheNumbersItGivesAlone()
    {
        var saxe = new DeepLinearSaxeModes();
        var catapult = new CatapultPhases();
        var context = new RunContext(Tier.Smoke, ComputeDevice.Cpu, SeedPlan.Seeds(2, 0));
        var alone = saxe.Run(saxe.Defaults(Tier.Smoke), context).Measurement;

        var besideSaxe = Task.Run(() => saxe.Run(saxe.Defaults(Tier.Smoke), context).Measurement);
        var besideCatapult = Task.Run(() => catapult.Run(catapult.Defaults(Tier.Smoke), context));
        await Task.WhenAll(besideSaxe, besideCatapult);

        Assert.NotEmpty(alone.Quantities);
        foreach (var (name, estimate) in alone.Quantities)
            Assert.Equal(estimate, (await besideSaxe)[name]);
    }
}
