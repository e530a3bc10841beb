using LearningMechanics.Harness.Statistics;

namespace LearningMechanics.Harness.Tests.Statistics;

public sealed class SeedStatisticsTests
{
    [Fact]
    public void TIntervalOfKnownDataMatchesHandComputation()
    {
        var estimate = SeedStatistics.Mean([1, 2, 3, 4, 5]);

        // Mean 3, sample variance 2.5, half-width t₀.₉₇₅,₄ · √(2.5/5). MathNet's t quantile agrees with the exact one
        // to about 1e-12, not to the last bit, hence 1e-9.
        double half = 2.7764451051977987 * Math.Sqrt(2.5 / 5);
        Assert.Equal(3.0, estimate.Value, 1e-15);
        Assert.Equal(3.0 - half, estimate.Low, 1e-9);
        Assert.Equal(3.0 + half, estimate.High, 1e-9);
        Assert.Equal(5, estimate.Count);
    }

    [Fact]
    public void LevelSetsTheQuantile()
    {
        var estimate = SeedStatistics.Mean([1, 2, 3, 4, 5], level: 0.90);

        Assert.Equal(2.131846786326649 * Math.Sqrt(0.5), estimate.High - estimate.Value, 1e-9);
    }

    [Fact]
    public void SingleValueGivesPointInterval()
    {
        var estimate = SeedStatistics.Mean([4.25]);

        Assert.Equal(new Estimate(4.25, 4.25, 4.25, 1), estimate);
    }

    [Fact]
    public void NonFiniteValueGivesNonFiniteEstimate()
    {
        var estimate = SeedStatistics.Mean([1, double.NaN, 3]);

        Assert.False(estimate.IsFinite);
        Assert.Equal(3, estimate.Count);
    }

    [Fact]
    public void RejectsNoValuesAndBadLevel()
    {
        Assert.Throws<ArgumentException>(() => SeedStatistics.Mean([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeedStatistics.Mean([1, 2], level: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SeedStatistics.Mean([1, 2], level: 0));
    }
}
