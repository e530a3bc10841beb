using LearningMechanics.Harness.Statistics;

namespace LearningMechanics.Harness.Tests.Statistics;

public sealed class CurveAverageTests
{
    [Fact]
    public void GeometricMeanOfPowerLawsIsThePowerLawOfTheMeanPrefactorLogs()
    {
        double[] x = [1, 2, 4, 8];
        IReadOnlyList<double> a = x.Select(v => 2 * Math.Pow(v, -0.5)).ToList();
        IReadOnlyList<double> b = x.Select(v => 8 * Math.Pow(v, -0.5)).ToList();
        var mean = CurveAverage.Geometric([a, b]);
        for (int j = 0; j < x.Length; j++) Assert.Equal(4 * Math.Pow(x[j], -0.5), mean[j], 12);
    }

    [Fact]
    public void CurvesOfDifferentLengthsAreRejected() =>
        Assert.Throws<ArgumentException>(() => CurveAverage.Geometric([new List<double> { 1, 2 }, new List<double> { 1 }]));
}
