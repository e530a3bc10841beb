using LearningMechanics.Harness.Theory;
using MathNet.Numerics.LinearAlgebra;

namespace LearningMechanics.Harness.Tests.Theory;

public sealed class HardMarginSvmTests
{
    [Fact]
    public void TwoDimensionalExampleHasKnownSolution()
    {
        // (2, 0) labelled +1 and (0, 2) labelled −1 force w1 ≥ 0.5 and w2 ≤ −0.5, so ŵ = (0.5, −0.5); the third point,
        // (4, 1) labelled +1, has margin 1.5 there, so it is not a support vector (α = 0).
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 2, 0 }, { 0, 2 }, { 4, 1 } });
        var y = Vector<double>.Build.DenseOfArray([1, -1, 1]);
        Assert.True(HardMarginSvm.TrySolve(x, y, out var w, out var alpha));
        Assert.Equal(0.5, w[0], 1e-10);
        Assert.Equal(-0.5, w[1], 1e-10);
        Assert.Equal(0, alpha[2], 1e-12);
    }

    [Fact]
    public void RandomSeparableDataSatisfiesKkt()
    {
        var random = new Random(11);
        var x = Matrix<double>.Build.Dense(8, 12, (_, _) => random.NextDouble() * 2 - 1);
        var y = Vector<double>.Build.Dense(8, i => i % 2 == 0 ? 1 : -1);
        Assert.True(HardMarginSvm.TrySolve(x, y, out var w, out var alpha));
        var margins = Vector<double>.Build.Dense(8, i => y[i] * x.Row(i).DotProduct(w));
        for (int i = 0; i < 8; i++)
        {
            Assert.True(margins[i] >= 1 - 1e-8);
            Assert.True(alpha[i] >= 0);
            Assert.True(alpha[i] * (margins[i] - 1) < 1e-8, "complementary slackness");
        }
        var rebuilt = Vector<double>.Build.Dense(12);
        for (int i = 0; i < 8; i++) rebuilt += alpha[i] * y[i] * x.Row(i);
        Assert.True((rebuilt - w).L2Norm() < 1e-10);
    }

    [Fact]
    public void NonSeparableDataIsReported()
    {
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 1, 0 }, { 0, 1 } });
        var y = Vector<double>.Build.DenseOfArray([1, -1, 1]);
        Assert.False(HardMarginSvm.TrySolve(x, y, out _, out _));
        Assert.Throws<ArgumentException>(() => HardMarginSvm.TrySolve(x, Vector<double>.Build.DenseOfArray([1, 0, 1]), out _, out _));
    }
}
