using LearningMechanics.Harness.Theory;

namespace LearningMechanics.Harness.Tests.Theory;

public sealed class ComputeOptimalHorizonTests
{
    [Theory]
    [InlineData(0.05)]
    [InlineData(0.4)]
    [InlineData(3.0)]
    public void ScaledLossHasTheClosedFormAtAlphaOneBetaTwo(double c)
    {
        // α = 1, β = 2: H(c) = ∫_1^∞ e^{−2cs} ds + 1 = e^{−2c}/(2c) + 1.
        Assert.Equal(Math.Exp(-2 * c) / (2 * c) + 1, ComputeOptimalHorizon.ScaledLoss(c, 1, 2), 1e-7);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.4)]
    [InlineData(2.0)]
    public void ScaledLossIsTheScalingLimitOfTheModeSum(double c)
    {
        // 2L(τ = c·N^α, N)·N^{β−1} with the sums over k taken exactly, at N = 4000: the integral is its N → ∞ limit.
        const double Alpha = 1.5, Beta = 2;
        const int N = 4000;
        double tau = c * Math.Pow(N, Alpha), sum = 0;
        for (int k = 1; k <= N; k++) sum += Math.Pow(k, -Beta) * Math.Exp(-2 * tau * Math.Pow(k, -Alpha));
        // Σ_{k>N} k^−β by Euler–Maclaurin (error O(N^{−β−3})).
        double a = N + 1;
        sum += Math.Pow(a, 1 - Beta) / (Beta - 1) + 0.5 * Math.Pow(a, -Beta) + Beta / 12 * Math.Pow(a, -Beta - 1);
        Assert.Equal(1, sum * Math.Pow(N, Beta - 1) / ComputeOptimalHorizon.ScaledLoss(c, Alpha, Beta), 0.01);
    }

    [Fact]
    public void ScaleMinimisesTheLossAtFixedCompute()
    {
        const double Alpha = 1.5, Beta = 2;
        double best = ComputeOptimalHorizon.Scale(Alpha, Beta);
        double Objective(double c) => Math.Pow(c, (Beta - 1) / (1 + Alpha)) * ComputeOptimalHorizon.ScaledLoss(c, Alpha, Beta);
        // A brute-force scan over c agrees, and moving off c* raises the loss at fixed compute.
        double scan = Enumerable.Range(0, 4001).Select(i => Math.Exp(-6 + i * 0.003)).MinBy(Objective);
        Assert.Equal(1, scan / best, 0.01);
        Assert.True(Objective(best) < Objective(best * 1.2));
        Assert.True(Objective(best) < Objective(best / 1.2));
        Assert.InRange(best, 0.37, 0.39);
    }

    [Fact]
    public void RejectsAnInfiniteTargetPower()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ComputeOptimalHorizon.Scale(1.5, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ComputeOptimalHorizon.ScaledLoss(0, 1.5, 2));
    }
}
