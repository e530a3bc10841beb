using LearningMechanics.Harness.Kernels;

namespace LearningMechanics.Harness.Tests.Kernels;

public sealed class EigenlearningTheoryTests
{
    private static readonly double[] PowerLaw = Enumerable.Range(1, 2000).Select(i => Math.Pow(i, -1.5)).ToArray();

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    public void RidgelessLearnabilitiesSumToN(int n)
    {
        var theory = new EigenlearningTheory(PowerLaw, n);
        Assert.Equal(n, theory.Learnabilities.Sum(), 8);
        Assert.Equal(n / (n - theory.Learnabilities.Sum(l => l * l)), theory.OverfittingCoefficient, 12);
    }

    [Fact]
    public void RidgeEntersTheKappaEquation()
    {
        var theory = new EigenlearningTheory(PowerLaw, 20, ridge: 0.05);
        Assert.Equal(20, theory.Learnabilities.Sum() + 0.05 / theory.Kappa, 8);
    }

    [Fact]
    public void TestMseIsOverfittingTimesBiasPlusNoise()
    {
        // Two modes of equal eigenvalue, n = 1: κ solves 2λ/(λ+κ) = 1, so κ = λ and L = 1/2; E0 = 1/(1 − 1/2) = 2;
        // test MSE = 2·[(1/4)(v1² + v2²) + σ²].
        var theory = new EigenlearningTheory([0.3, 0.3], 1);
        Assert.Equal(0.3, theory.Kappa, 10);
        Assert.Equal(2 * (0.25 * (1 + 4) + 0.1), theory.TestMse([1, 2], 0.1), 10);
        Assert.Equal(0.25 * 5 + 0.1, theory.TestMseWithoutOverfitting([1, 2], 0.1), 10);
    }

    [Fact]
    public void RidgelessNeedsMoreModesThanSamples() =>
        Assert.Throws<ArgumentException>(() => new EigenlearningTheory([1, 0.5], 2));
}
