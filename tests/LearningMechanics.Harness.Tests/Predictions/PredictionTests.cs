using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Statistics;

namespace LearningMechanics.Harness.Tests.Predictions;

public sealed class PredictionTests
{
    private static readonly Prediction Band = new("sharpness", "2/lr", 0.9, 1.1, "finite width");

    [Fact]
    public void IntervalInsideHolds()
    {
        var check = Band.Evaluate(new Estimate(1.0, 0.95, 1.05, 3));

        Assert.Equal(Verdict.Holds, check.Verdict);
        Assert.Contains("inside", check.Explanation);
        Assert.Contains("[0.9, 1.1]", check.Explanation);
        Assert.Contains("2/lr", check.Explanation);
    }

    [Fact]
    public void IntervalTouchingTheEdgesFromInsideHolds()
    {
        Assert.Equal(Verdict.Holds, Band.Evaluate(new Estimate(1.0, 0.9, 1.1, 3)).Verdict);
        Assert.Equal(Verdict.Holds, Band.Evaluate(Estimate.Exact(1.1)).Verdict);
    }

    [Theory]
    [InlineData(1.3, 1.2, 1.4)]
    [InlineData(0.5, 0.4, 0.6)]
    public void IntervalWhollyOutsideIsFalsified(double value, double low, double high)
    {
        var check = Band.Evaluate(new Estimate(value, low, high, 3));

        Assert.Equal(Verdict.Falsified, check.Verdict);
        Assert.Contains("outside", check.Explanation);
    }

    [Theory]
    [InlineData(1.08, 1.0, 1.16)]
    [InlineData(0.92, 0.85, 0.99)]
    [InlineData(1.0, 0.5, 1.5)]
    public void IntervalStraddlingAnEdgeIsInconclusiveAndAsksForMoreSeeds(double value, double low, double high)
    {
        var check = Band.Evaluate(new Estimate(value, low, high, 3));

        Assert.Equal(Verdict.Inconclusive, check.Verdict);
        Assert.Contains("more seeds", check.Explanation);
        Assert.Contains("[0.9, 1.1]", check.Explanation);
        Assert.Contains("n = 3", check.Explanation);
    }

    [Theory]
    [InlineData(double.NaN, double.NaN, double.NaN)]
    [InlineData(1.0, 0.95, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity)]
    public void NonFiniteMeasurementIsFalsified(double value, double low, double high)
    {
        var check = Band.Evaluate(new Estimate(value, low, high, 3));

        Assert.Equal(Verdict.Falsified, check.Verdict);
        Assert.Contains("not finite", check.Explanation);
    }

    [Fact]
    public void CheckCarriesPredictionAndMeasurement()
    {
        var measured = new Estimate(1.0, 0.95, 1.05, 3);

        var check = Band.Evaluate(measured);

        Assert.Same(Band, check.Prediction);
        Assert.Equal(measured, check.Measured);
    }

    [Fact]
    public void InvertedRegionIsRejected()
    {
        var inverted = new Prediction("q", "f", 2, 1, "none");

        Assert.Throws<InvalidOperationException>(() => inverted.Evaluate(Estimate.Exact(1.5)));
    }

    [Fact]
    public void AroundAndWithinBuildRegions()
    {
        var around = Prediction.Around("q", "f", 10, 0.1, "r");
        var aroundNegative = Prediction.Around("q", "f", -10, 0.1, "r");
        var within = Prediction.Within("q", "f", 1, 0.25, "r");

        Assert.Equal((9.0, 11.0), (around.Low, around.High));
        Assert.Equal((-11.0, -9.0), (aroundNegative.Low, aroundNegative.High));
        Assert.Equal((0.75, 1.25), (within.Low, within.High));
    }
}
