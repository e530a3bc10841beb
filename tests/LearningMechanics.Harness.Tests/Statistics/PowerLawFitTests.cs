using LearningMechanics.Harness.Statistics;

namespace LearningMechanics.Harness.Tests.Statistics;

public sealed class PowerLawFitTests
{
    [Fact]
    public void NoiseFreePowerLawRecoversExponentAndPrefactor()
    {
        double[] x = [1, 2, 4, 8, 16, 32, 64];
        var y = x.Select(v => 3.0 * Math.Pow(v, -0.5)).ToArray();

        var fit = PowerLawFit.Fit(x, y);

        Assert.Equal(-0.5, fit.Slope, 1e-12);
        Assert.Equal(3.0, Math.Exp(fit.Intercept), 1e-12);
    }

    [Fact]
    public void NoisyPowerLawIntervalCoversExponent()
    {
        double[] x = [1, 2, 4, 8, 16, 32, 64, 128];
        var random = new Random(51);
        // Multiplicative noise exp(±5%) is additive in log space, where the line fit's assumptions hold.
        var y = x.Select(v => 0.2 * Math.Pow(v, 1.5) * Math.Exp(0.05 * (2 * random.NextDouble() - 1))).ToArray();

        var exponent = PowerLawFit.Fit(x, y).SlopeEstimate();

        Assert.InRange(1.5, exponent.Low, exponent.High);
        Assert.True(exponent.High - exponent.Low < 0.1, $"Interval {exponent} is too wide for 5% noise.");
    }

    [Fact]
    public void RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1, 2, 3], [1, 2]));
        Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([0, 1, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1, 2, 3], [1, -2, 3]));
        Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1, 2, 3], [1, double.NaN, 3]));
        Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([2], [3]));
        Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([5, 5, 5], [1, 2, 3]));
    }
}
