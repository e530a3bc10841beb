using LearningMechanics.Predictions;

namespace LearningMechanics.Cli.Tests;

/// <summary>`lm list` and `lm describe`: what an auditor reads before running anything (no training).</summary>
public sealed class CatalogueCommandTests : IDisposable
{
    private readonly Lm lm = new();

    public void Dispose() => lm.Dispose();

    [Fact]
    public void ListShowsIdStrandTitleAndSourceOfEveryClaim()
    {
        var result = lm.Run("list");
        Assert.Equal(ExitCode.Success, result.ExitCode);
        foreach (var claim in Catalogue.All)
        {
            Assert.Contains(claim.Id, result.Out);
            Assert.Contains(StrandName.Of(claim.Strand), result.Out);
            Assert.Contains(claim.Sources[0].Authors.Split(' ')[0], result.Out);
        }
        Assert.Contains("macroscopic laws", result.Out);
        Assert.Contains("Sharpness rises to 2/lr and hovers there under full-batch GD", result.Out);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void DescribeShowsStatementSourcesParametersPredictionsControlAndRival()
    {
        var result = lm.Run("describe", "edge-of-stability");
        Assert.Equal(ExitCode.Success, result.ExitCode);
        string o = result.Out;
        Assert.Contains("edge-of-stability: Sharpness rises to 2/lr", o);
        Assert.Contains("late-training sharpness·lr/2 ≈ 1", o);
        Assert.Contains("Cohen, Kaur, Li, Kolter & Talwalkar (2021)", o);
        // Parameters: name, type with range, default per tier, meaning.
        Assert.Matches(@"lr\s+│ list of reals, each > 0\s+│ 0\.1,0\.15\s+│ 0\.05,0\.1,0\.15,0\.2\s+│ full-batch GD step sizes", o);
        Assert.Matches(@"steps\s+│ integer ≥ 1\s+│ 1000\s+│ 3000\s+│ GD steps", o);
        // The predictions are computed from the defaults: one per learning rate.
        Assert.Contains("sharpness·lr/2 at lr=0.1 ∈ [0.9, 1.1]", o);
        Assert.Contains("sharpness·lr/2 at lr=0.15 ∈ [0.9, 1.1]", o);
        Assert.Contains("from λ_max = 2/lr, so λ_max·lr/2 = 1", o);
        Assert.Contains("lr = 0.02: 2/lr = 100 lies far above", o);
        Assert.Contains("overrides: lr=0.02", o);
        Assert.Contains("sharpness settles at 3/lr instead of 2/lr", o);
    }

    [Fact]
    public void DescribeAtTheFullTierPredictsForTheFullTiersParameters()
    {
        var result = lm.Run("describe", "edge-of-stability", "--tier", "full");
        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains("Predictions at the full defaults", result.Out);
        Assert.Contains("sharpness·lr/2 at lr=0.1 ∈ [0.9, 1.1]", result.Out);
    }

    /// <summary>
    /// Some claims compute their predictions with torch (kernel-eigenlearning's kernel spectrum): describe loads it, as
    /// run does (before, `lm describe kernel-eigenlearning` died on the native library). Smoke tier only: the full tier's
    /// kernel spectrum takes minutes on CPU.
    /// </summary>
    [Fact]
    public void DescribeWorksForEveryClaim()
    {
        foreach (var claim in LearningMechanics.Predictions.Catalogue.All)
        {
            var result = lm.Run("describe", claim.Id);
            Assert.True(result.ExitCode == ExitCode.Success, $"lm describe {claim.Id}: {result}");
            Assert.Contains("Predictions at the smoke defaults", result.Out);
        }
    }

    [Fact]
    public void HelpListsTheVerbs()
    {
        var result = lm.Run("--help");
        Assert.Equal(ExitCode.Success, result.ExitCode);
        foreach (string verb in new[] { "list", "describe", "run", "accept", "compare", "report" }) Assert.Contains(verb, result.Out);
    }
}
