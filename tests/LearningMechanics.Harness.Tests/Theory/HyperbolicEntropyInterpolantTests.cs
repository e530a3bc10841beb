using LearningMechanics.Harness.Theory;
using MathNet.Numerics.LinearAlgebra;

namespace LearningMechanics.Harness.Tests.Theory;

public sealed class HyperbolicEntropyInterpolantTests
{
    [Theory]
    [InlineData(-3.0)]
    [InlineData(0.4)]
    [InlineData(7.0)]
    public void PotentialDerivativeIsAsinhOfHalf(double z)
    {
        // dq/dz = asinh(z/2): the identity the KKT form β = 2α² sinh(Xᵀν) rests on.
        const double h = 1e-5;
        double numeric = (HyperbolicEntropyInterpolant.Potential(z + h) - HyperbolicEntropyInterpolant.Potential(z - h)) / (2 * h);
        Assert.Equal(Math.Asinh(z / 2), numeric, 1e-8);
        Assert.Equal(0, HyperbolicEntropyInterpolant.Potential(0), 1e-15);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.5)]
    [InlineData(10.0)]
    public void SolutionInterpolatesAndMinimisesQOnTheAffineSet(double alpha)
    {
        var (x, y) = Problem(seed: 3);
        var beta = HyperbolicEntropyInterpolant.Solve(x, y, alpha);
        Assert.True((x * beta - y).L2Norm() < 1e-9 * y.L2Norm());
        // Moving along the null space of X keeps interpolation and must not lower Q_α (strict convexity).
        var svd = x.Svd(computeVectors: true);
        var random = new Random(5);
        double q = HyperbolicEntropyInterpolant.Q(beta, alpha);
        for (int trial = 0; trial < 20; trial++)
        {
            var direction = svd.VT.Row(x.RowCount + random.Next(x.ColumnCount - x.RowCount));
            foreach (double step in new[] { 1e-3, -1e-3 })
                Assert.True(HyperbolicEntropyInterpolant.Q(beta + step * direction, alpha) >= q - 1e-12 * Math.Max(1, q));
        }
    }

    [Fact]
    public void LargeAlphaApproachesMinimumL2AndSmallAlphaRecoversSparseTarget()
    {
        var (x, y) = Problem(seed: 4);
        var minL2 = x.PseudoInverse() * y;
        var large = HyperbolicEntropyInterpolant.Solve(x, y, 100);
        Assert.True((large - minL2).L2Norm() / minL2.L2Norm() < 1e-4);
        var small = HyperbolicEntropyInterpolant.Solve(x, y, 1e-4);
        Assert.True((small - Sparse()).L2Norm() / Sparse().L2Norm() < 1e-2);
    }

    [Fact]
    public void RejectsBadInput()
    {
        var (x, y) = Problem(seed: 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => HyperbolicEntropyInterpolant.Solve(x, y, 0));
        Assert.Throws<ArgumentException>(() => HyperbolicEntropyInterpolant.Solve(x.Transpose(), y, 1));
    }

    private static Vector<double> Sparse()
    {
        var b = Vector<double>.Build.Dense(30);
        b[2] = 1; b[11] = -1; b[25] = 1;
        return b;
    }

    private static (Matrix<double> X, Vector<double> Y) Problem(int seed)
    {
        var random = new Random(seed);
        var x = Matrix<double>.Build.Dense(15, 30, (_, _) => Normal(random));
        return (x, x * Sparse());
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
