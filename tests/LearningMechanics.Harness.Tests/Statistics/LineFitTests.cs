using LearningMechanics.Harness.Statistics;
using MathNet.Numerics.Distributions;

namespace LearningMechanics.Harness.Tests.Statistics;

public sealed class LineFitTests
{
    [Fact]
    public void NoiseFreeLineIsRecoveredExactly()
    {
        double[] x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        var y = x.Select(v => 2.5 - 1.75 * v).ToArray();

        var fit = LineFit.Fit(x, y);

        Assert.Equal(-1.75, fit.Slope, 1e-12);
        Assert.Equal(2.5, fit.Intercept, 1e-12);
        Assert.Equal(1.0, fit.RSquared, 1e-12);
        Assert.True(fit.SlopeStandardError < 1e-12, $"SE = {fit.SlopeStandardError} on exact data.");
        Assert.Equal(10, fit.Points);
    }

    [Fact]
    public void SlopeIntervalCoversTrueSlopeAtNominalRate()
    {
        const int repetitions = 400;
        const double slope = 0.8, intercept = -0.3, sigma = 0.5;
        // Five points leave 3 degrees of freedom, where t₀.₉₇₅ = 3.18 differs sharply from z = 1.96: a normal
        // quantile instead of Student's t (or n instead of n − 2) would cover only ≈ 85%.
        double[] x = [0, 1, 2, 3, 4];
        var random = new Random(41);
        int covered = 0;
        for (int r = 0; r < repetitions; r++)
        {
            var y = x.Select(v => intercept + slope * v + Normal.Sample(random, 0, sigma)).ToArray();
            var ci = LineFit.Fit(x, y).SlopeEstimate();
            if (ci.Low <= slope && slope <= ci.High) covered++;
        }
        double coverage = (double)covered / repetitions;

        // The binomial SE of a 95% coverage over 400 repetitions is √(0.95·0.05/400) ≈ 0.011; [0.92, 0.98] is ±2.75 SE
        // (a correct interval lands outside it with probability ≈ 0.6%, and the seed is fixed).
        Assert.InRange(coverage, 0.92, 0.98);
    }

    [Fact]
    public void SlopeIntervalUsesStudentTQuantile()
    {
        double[] x = [0, 1, 2, 3, 4];
        double[] y = [0.1, 0.9, 2.2, 2.8, 4.1];

        var fit = LineFit.Fit(x, y);
        var ci = fit.SlopeEstimate(0.95);

        // t₀.₉₇₅ with 3 degrees of freedom (MathNet's quantile is good to about 1e-12, hence 1e-9).
        Assert.Equal(3.182446305284263 * fit.SlopeStandardError, ci.High - fit.Slope, 1e-9);
        Assert.Equal(fit.Slope - ci.Low, ci.High - fit.Slope, 1e-12);
        Assert.Equal(5, ci.Count);
    }

    [Fact]
    public void RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => LineFit.Fit([1, 2, 3], [1, 2]));
        Assert.Throws<ArgumentException>(() => LineFit.Fit([1], [1]));
        Assert.Throws<ArgumentException>(() => LineFit.Fit([2, 2, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => LineFit.Fit([1, 2, 3], [1, double.NaN, 3]));
        Assert.Throws<ArgumentException>(() => LineFit.Fit([1, double.PositiveInfinity, 3], [1, 2, 3]));
    }

    [Fact]
    public void TwoPointsGiveNoSlopeInterval()
    {
        // No residual degrees of freedom: a zero-width interval would claim certainty the data cannot give.
        var fit = LineFit.Fit([1.0, 2.0], [1.0, 5.0]);
        Assert.Equal(4.0, fit.Slope, 12);
        Assert.Throws<InvalidOperationException>(() => fit.SlopeEstimate());
    }
}
