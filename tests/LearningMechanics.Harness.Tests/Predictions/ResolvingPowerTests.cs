using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Statistics;

namespace LearningMechanics.Harness.Tests.Predictions;

public sealed class ResolvingPowerTests
{
    private static readonly Prediction Band = Prediction.Around("q", "q = 2", 2.0, 0.1, "test");

    [Fact]
    public void RelativeShiftMovesTheRegionByAFractionOfItsCentreKeepingItsWidth()
    {
        var up = Assert.Single(ResolvingPower.RelativeShift(0.15, "d").Perturb([Band], +1));
        var down = Assert.Single(ResolvingPower.RelativeShift(0.15, "d").Perturb([Band], -1));
        Assert.Equal(1.8 + 0.3, up.Low, 12);
        Assert.Equal(2.2 + 0.3, up.High, 12);
        Assert.Equal(1.8 - 0.3, down.Low, 12);
        Assert.Equal(2.2 - 0.3, down.High, 12);
        Assert.Equal("q", up.Quantity);
        Assert.Contains("shifted by +15%", up.Formula);
    }

    [Fact]
    public void AbsoluteShiftMovesTheRegionInTheQuantitysUnits()
    {
        var exponent = Prediction.Within("e", "e = −1", -1, 0.15, "test");
        var up = Assert.Single(ResolvingPower.AbsoluteShift(0.3, "d").Perturb([exponent], +1));
        Assert.Equal(-0.85, up.Low, 12);
        Assert.Equal(-0.55, up.High, 12);
        Assert.Equal("0.3", ResolvingPower.AbsoluteShift(0.3, "d").Text);
    }

    [Fact]
    public void AMeasurementInsideTheBandFalsifiesTheShiftedBandOnlyWhenTheMarginClearsItsInterval()
    {
        var tight = new Estimate(2.0, 1.98, 2.02, 5);
        var wide = new Estimate(2.0, 1.85, 2.15, 5);
        var shifted = Assert.Single(ResolvingPower.RelativeShift(0.15, "d").Perturb([Band], +1));
        Assert.Equal(Verdict.Holds, Band.Evaluate(tight).Verdict);
        Assert.Equal(Verdict.Falsified, shifted.Evaluate(tight).Verdict);
        Assert.Equal(Verdict.Inconclusive, shifted.Evaluate(wide).Verdict);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void NonPositiveMarginsAreRefused(double margin) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ResolvingPower.RelativeShift(margin, "d"));

    [Fact]
    public void SignMustBePlusOrMinusOne() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ResolvingPower.AbsoluteShift(1, "d").Perturb([Band], 0));
}
