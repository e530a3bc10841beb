using LearningMechanics.Cli.Running;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Predictions.SolvableSettings;

namespace LearningMechanics.Cli.Tests;

/// <summary>Which runs `lm run` does, with which parameters and seeds (no training).</summary>
public sealed class RunPlanTests
{
    private static readonly DeepLinearSaxeModes Claim = new();
    private static readonly IReadOnlyList<KeyValuePair<string, string>> Steps200 = [KeyValuePair.Create("steps", "200")];

    [Fact]
    public void SetAppliesToTheClaimAndTheControlKeepsItsOwnParameters()
    {
        var plan = RunPlan.Build([Claim], Tier.Smoke, Steps200, seedCount: null, seedOffset: 0, RunSelection.ClaimAndControl);
        Assert.Equal(2, plan.Count);
        Assert.False(plan[0].IsControl);
        Assert.Equal(200, plan[0].Parameters.Integer("steps"));
        Assert.Equal(0.001, plan[0].Parameters.Real("init_scale"));
        Assert.True(plan[1].IsControl);
        Assert.Equal(1500, plan[1].Parameters.Integer("steps"));
        Assert.Equal(0.5, plan[1].Parameters.Real("init_scale"));
    }

    [Fact]
    public void ControlOnlyAppliesSetToTheControl()
    {
        var plan = RunPlan.Build([Claim], Tier.Smoke, Steps200, seedCount: null, seedOffset: 0, RunSelection.ControlOnly);
        var run = Assert.Single(plan);
        Assert.True(run.IsControl);
        Assert.Equal(200, run.Parameters.Integer("steps"));
        Assert.Equal(0.5, run.Parameters.Real("init_scale"));
    }

    [Fact]
    public void SeedsOverrideTheClaimsCountAndShiftByTheOffset()
    {
        var plan = RunPlan.Build([Claim], Tier.Smoke, [], seedCount: 5, seedOffset: 100, RunSelection.ClaimOnly);
        Assert.Equal([101L, 102, 103, 104, 105], Assert.Single(plan).Seeds);
        var defaults = RunPlan.Build([Claim], Tier.Smoke, [], seedCount: null, seedOffset: 0, RunSelection.ClaimOnly);
        Assert.Equal(Claim.SeedCount(Tier.Smoke), Assert.Single(defaults).Seeds.Count);
    }
}
