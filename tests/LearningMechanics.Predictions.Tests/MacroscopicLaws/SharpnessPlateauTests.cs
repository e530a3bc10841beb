using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Predictions.MacroscopicLaws;

namespace LearningMechanics.Predictions.Tests.MacroscopicLaws;

/// <summary>The late-window median the edge-of-stability claims reduce each seed's sharpness trajectory to.</summary>
public sealed class SharpnessPlateauTests
{
    [Fact]
    public void TheLateWindowIsTheFinalFractionOfTheSteps()
    {
        var p = new EdgeOfStability().Defaults(Tier.Smoke).With(("steps", "1000"), ("late_fraction", "0.25"));
        Assert.Equal(750, SharpnessPlateau.LateFrom(p));
    }

    [Fact]
    public void TheMedianIsTakenOverTheLateProbesOnlyAndScaled()
    {
        int[] steps = [0, 100, 200, 300, 400];
        double[] sharpness = [1, 1000, 18, 22, 20];
        // Probes from step 200: 18, 22, 20 → median 20, times 0.05 = 1; the early spike does not count.
        Assert.Equal(1.0, SharpnessPlateau.LateMedian(steps, sharpness, 200, 0.05), 12);
        // An even count averages the middle two: 1000, 18, 22, 20 → (20 + 22)/2.
        Assert.Equal(21.0, SharpnessPlateau.LateMedian(steps, sharpness, 100, 1), 12);
    }

    [Fact]
    public void ADivergedRunOrAnEmptyWindowIsNaNNotAGap()
    {
        int[] steps = [0, 100, 200, 250];
        double[] diverged = [10, 20, 20, double.NaN];
        Assert.True(double.IsNaN(SharpnessPlateau.LateMedian(steps, diverged, 100, 1)), "a NaN in the window must make the seed NaN");
        Assert.True(double.IsNaN(SharpnessPlateau.LateMedian(steps, [10, 20, 20, 20], 300, 1)), "no probe in the window");
        Assert.Throws<ArgumentException>(() => SharpnessPlateau.LateMedian(steps, [1, 2], 0, 1));
    }
}
