using LearningMechanics.Harness.Models;
using MathNet.Numerics.Integration;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Models;

public sealed class RandomMlpEnsembleTests
{
    private const torch.ScalarType Float64 = torch.ScalarType.Float64;

    /// <summary>
    /// The per-layer constant of the finite-width kurtosis: given the layer below, the n pre-activations of a ReLU layer
    /// are iid N(0, q), so R' = (2/n)Σ relu(z_i)² = q·(2/n)Σ relu(g_i)² with E[relu(g)²] = 1/2 and E[relu(g)⁴] = 3/2:
    /// Var/mean² of relu(g)² is (3/2 − 1/4)/(1/4) = 5, hence E[R'²]/E[R']² = 1 + 5/n per layer, and the layers multiply
    /// (each factor is independent of q). For the identity E[g²] = 1, E[g⁴] = 3 give 1 + 2/n. Checked here by quadrature.
    /// </summary>
    [Fact]
    public void ReluAndLinearPerLayerConstantsAreFiveAndTwo()
    {
        static double Moment(Func<double, double> f) =>
            GaussLegendreRule.Integrate(x => f(x) * Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI), -12, 12, 128);
        double relu2 = Moment(x => Math.Pow(Math.Max(x, 0), 2)), relu4 = Moment(x => Math.Pow(Math.Max(x, 0), 4));
        double lin2 = Moment(x => x * x), lin4 = Moment(x => Math.Pow(x, 4));
        Assert.Equal(5.0, relu4 / (relu2 * relu2) - 1, 6);
        Assert.Equal(2.0, lin4 / (lin2 * lin2) - 1, 6);
    }

    [Theory]
    [InlineData(Activation.Relu, 5.0)]
    [InlineData(Activation.Identity, 2.0)]
    public void SampledNetworksShowThePerLayerFactorOverTwoLayers(Activation activation, double constant)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(11, torch.CPU);
        var x = torch.ones(1, 3, dtype: Float64);
        var g = new RandomMlpEnsemble([4, 6], activation).ReadoutCovariances(x, 200_000, generator)[.., 0, 0];
        double ratio = g.pow(2).mean().item<double>() / Math.Pow(g.mean().item<double>(), 2);
        double predicted = (1 + constant / 4) * (1 + constant / 6);
        // Monte Carlo: 2e5 networks give a relative SE of about 0.5% here; 3% is 6 SE.
        Assert.InRange(ratio / predicted, 0.97, 1.03);
        // The diagonal is exact in expectation: E[G(x,x)] = ‖x‖²/d = 1 for both gains.
        Assert.InRange(g.mean().item<double>(), 0.98, 1.02);
    }

    [Fact]
    public void ReluOffDiagonalApproachesTheArcCosineRecursionAtLargeWidth()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(12, torch.CPU);
        var x = torch.tensor(new double[,] { { 1, 0 }, { 0.6, 0.8 } }, dtype: Float64) * Math.Sqrt(2);
        var g = new RandomMlpEnsemble([256, 256], Activation.Relu).ReadoutCovariances(x, 1000, generator);
        double k = 0.6;
        for (int l = 0; l < 2; l++) k = LearningMechanics.Harness.Kernels.ReluKernels.ArcCosineStep(1, 1, k);
        Assert.InRange(g[.., 0, 1].mean().item<double>(), k - 0.01, k + 0.01);
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Identity)]
    public void PreactivationSamplerMatchesWeightSamplerInDistribution(Activation activation)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[,] { { 1, 0, 0 }, { 0.3, 0.9539392014169456, 0 } }, dtype: Float64) * Math.Sqrt(3);
        var ensemble = new RandomMlpEnsemble([5, 7], activation);
        var byWeights = ensemble.ReadoutCovariances(x, 100_000, new torch.Generator(21, torch.CPU));
        var byPreactivations = ensemble.ReadoutCovariancesFromPreactivations(x, 100_000, new torch.Generator(22, torch.CPU));
        Assert.Equal(byWeights.shape, byPreactivations.shape);
        foreach (var g in new[] { byWeights, byPreactivations })
        {
            double ratio = g[.., 0, 0].pow(2).mean().item<double>() / Math.Pow(g[.., 0, 0].mean().item<double>(), 2);
            double constant = activation == Activation.Relu ? 5 : 2;
            // 1e5 networks: relative SE below 1%.
            Assert.InRange(ratio / ((1 + constant / 5) * (1 + constant / 7)), 0.96, 1.04);
        }
        // Means of the covariance entries agree within Monte Carlo error (SE ≈ 0.005).
        Assert.InRange((byWeights.mean(new long[] { 0 }) - byPreactivations.mean(new long[] { 0 })).abs().max().item<double>(), 0, 0.03);
    }
}
