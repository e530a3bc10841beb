using LearningMechanics.Harness.Kernels;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Kernels;

public sealed class KernelPopulationTests
{
    private const torch.ScalarType Float64 = torch.ScalarType.Float64;

    private static KernelPopulation SpherePopulation(int m, int d, ulong seed, out torch.Tensor points)
    {
        var generator = new torch.Generator(seed, torch.CPU);
        var g = torch.randn(m, d, dtype: Float64, generator: generator);
        points = g / g.norm(1, keepdim: true) * Math.Sqrt(d);
        return new KernelPopulation(ReluKernels.TwoLayerNtk(torch.matmul(points, points.t()) / d));
    }

    [Fact]
    public void EigensystemReconstructsKernelAndTraceIsDiagonalMean()
    {
        using var scope = torch.NewDisposeScope();
        using var population = SpherePopulation(64, 5, 3, out _);
        var phi = population.Eigenfunctions;
        var lambda = torch.tensor(population.Eigenvalues.ToArray(), dtype: Float64);
        // K(x_a, x_b) = Σ_i λ_i φ_i(x_a) φ_i(x_b), and Σ λ_i = mean K(x, x) = Θ(1) = 1.
        var rebuilt = torch.matmul(phi * lambda, phi.t());
        Assert.True((rebuilt - population.Kernel).abs().max().item<double>() < 1e-10);
        // Θ(1) = 1 up to ~1e-9: Θ is not differentiable at t = 1, so a round-off of 1e-16 in t moves it by ~√1e-16.
        Assert.Equal(population.Kernel.diagonal().mean().item<double>(), population.Eigenvalues.Sum(), 10);
        Assert.Equal(1.0, population.Eigenvalues.Sum(), 8);
        Assert.True(population.Eigenvalues.Zip(population.Eigenvalues.Skip(1)).All(p => p.First >= p.Second));
    }

    [Fact]
    public void CoefficientsCarryTheTargetsMeanSquare()
    {
        using var scope = torch.NewDisposeScope();
        using var population = SpherePopulation(50, 4, 4, out var points);
        var target = torch.sin(points[.., 0]);
        double meanSquare = target.pow(2).mean().item<double>();
        Assert.Equal(meanSquare, population.Coefficients(target).Sum(v => v * v), 10);
    }

    [Fact]
    public void LearnabilitiesOfAnyRidgelessTrainingSetSumToN()
    {
        using var scope = torch.NewDisposeScope();
        using var population = SpherePopulation(80, 6, 5, out _);
        var train = torch.tensor(new long[] { 3, 17, 40, 41, 55, 60, 71 });
        // Simon et al. 2023, Thm 3.2: Σ_i L_i(X) = tr(K_XX⁻¹ K_XX) = n for every training set.
        Assert.Equal(7.0, population.Learnabilities(train).Sum(), 8);
    }

    [Fact]
    public void RidgelessRegressionInterpolatesTheTrainingLabels()
    {
        using var scope = torch.NewDisposeScope();
        using var population = SpherePopulation(40, 6, 6, out _);
        var train = torch.tensor(new long[] { 1, 5, 9, 20 });
        var labels = torch.tensor(new[] { 0.5, -1.0, 2.0, 0.25 }, dtype: Float64);
        var fitted = population.Regress(train, labels);
        Assert.True((fitted.index_select(0, train) - labels).abs().max().item<double>() < 1e-9);
    }
}
