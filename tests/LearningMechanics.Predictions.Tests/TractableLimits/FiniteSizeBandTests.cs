using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Predictions.TractableLimits;

namespace LearningMechanics.Predictions.Tests.TractableLimits;

/// <summary>The full tier's bands shrink at each claim's stated finite-size rate; the smoke bands stay where the audit left them.</summary>
public sealed class FiniteSizeBandTests
{
    [Fact]
    public void CatapultBoundaryBandsShrinkAsOneOverWidthAndOneOverSteps()
    {
        var claim = new CatapultPhases();
        Assert.Equal([0.1, 0.2], HalfWidths(claim, claim.Defaults(Tier.Smoke)).Skip(1));
        // Full: n = 16384 (×8) and 1000 steps (×10/3): 0.1/8 and 0.2·0.3.
        Assert.Equal([0.0125, 0.06], HalfWidths(claim, claim.Defaults(Tier.Full)).Skip(1));
        // Never below two bisection bins: 8 bisections over a range of 2 give 2·2/256.
        var wide = claim.Defaults(Tier.Smoke).With(("width", "1000000"), ("steps", "100000"));
        Assert.Equal([4.0 / 256, 4.0 / 256], HalfWidths(claim, wide).Skip(1));
    }

    [Fact]
    public void FeatureMovementBandShrinksAsTheInverseRootOfTheNarrowestWidth()
    {
        var claim = new ParamScalingFeatureMovement();
        Assert.All(HalfWidths(claim, claim.Defaults(Tier.Smoke)), h => Assert.Equal(0.15, h, 12));
        // Full: narrowest width 256 = 4 × 64, so the bias part halves: 0.05 + 0.10/2.
        Assert.All(HalfWidths(claim, claim.Defaults(Tier.Full)), h => Assert.Equal(0.10, h, 12));
    }

    private static double[] HalfWidths(Claim claim, ClaimParameters p) =>
        claim.Predict(p).Select(q => Math.Round((q.High - q.Low) / 2, 12)).ToArray();
}
