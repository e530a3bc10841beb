using LearningMechanics.Harness.Observables;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Observables;

public sealed class CollapseMetricsTests
{
    private const torch.ScalarType Float64 = torch.ScalarType.Float64;

    /// <summary>A simplex ETF in d = 6 for C = 4: the centred standard basis vectors e_c − 1/C, padded with zeros.</summary>
    private static torch.Tensor SimplexMeans(int classes, int d)
    {
        var eye = torch.eye(classes, dtype: Float64);
        var centred = eye - 1.0 / classes;
        return torch.cat([centred, torch.zeros(classes, d - classes, dtype: Float64)], 1);
    }

    [Fact]
    public void ExactSimplexCollapseHasZeroStatistics()
    {
        using var scope = torch.NewDisposeScope();
        int classes = 4, perClass = 3, d = 6;
        var means = SimplexMeans(classes, d);
        var labels = torch.arange(classes, dtype: torch.ScalarType.Int64).repeat_interleave(perClass);
        var features = means.index_select(0, labels);
        var weights = 2.5 * means;
        var bias = torch.full(classes, 0.3, dtype: Float64);

        var m = CollapseMetrics.Of(features, labels, weights, bias, classes);

        Assert.True(m.Nc1 < 1e-20, $"NC1 = {m.Nc1}");
        Assert.True(m.NormVariation < 1e-12, $"norm variation = {m.NormVariation}");
        Assert.True(m.CosineSpread < 1e-12, $"cosine spread = {m.CosineSpread}");
        Assert.True(m.SelfDuality < 1e-20, $"self-duality = {m.SelfDuality}");
        Assert.Equal(0, m.NccMismatch);
        Assert.True(Math.Abs(m.UncentredCosine + 1.0 / 3) < 1e-12, $"uncentred cosine = {m.UncentredCosine}, expected −1/3");
    }

    [Fact]
    public void Nc1IsWithinOverBetweenVariability()
    {
        using var scope = torch.NewDisposeScope();
        // Two classes on a line at ±1 with within-class offsets ±s: Σ_W = s², Σ_B = 1 (per the 1/C convention), so
        // NC1 = tr(Σ_W Σ_B^†)/C = s²/2.
        double s = 0.1;
        var features = torch.tensor(new[] { -1 - s, -1 + s, 1 - s, 1 + s }, dtype: Float64).reshape(4, 1);
        var labels = torch.tensor(new long[] { 0, 0, 1, 1 });
        var weights = torch.tensor(new[] { -1.0, 1.0 }, dtype: Float64).reshape(2, 1);
        var bias = torch.zeros(2, dtype: Float64);

        var m = CollapseMetrics.Of(features, labels, weights, bias, 2);

        Assert.True(Math.Abs(m.Nc1 - s * s / 2) < 1e-12, $"NC1 = {m.Nc1}, expected {s * s / 2}");
        Assert.Equal(0, m.NccMismatch);
    }

    [Fact]
    public void RandomFeaturesAreFarFromCollapse()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(5, torch.CPU);
        int classes = 5;
        var labels = torch.arange(classes, dtype: torch.ScalarType.Int64).repeat_interleave(10);
        var features = torch.randn(50, 8, dtype: Float64, generator: generator);
        var weights = torch.randn(classes, 8, dtype: Float64, generator: generator);

        var m = CollapseMetrics.Of(features, labels, weights, torch.zeros(classes, dtype: Float64), classes);

        Assert.True(m.Nc1 > 1, $"NC1 = {m.Nc1}");
        Assert.True(m.CosineSpread > 0.05, $"cosine spread = {m.CosineSpread}");
        Assert.True(m.NccMismatch > 0.2, $"NC4 mismatch = {m.NccMismatch}");
    }
}
