using LearningMechanics.Harness.Predictions;
using LearningMechanics.Predictions.HyperparameterTheories;
using LearningMechanics.Predictions.MacroscopicLaws;
using LearningMechanics.Predictions.SolvableSettings;
using LearningMechanics.Predictions.TractableLimits;
using LearningMechanics.Predictions.UniversalBehaviors;

namespace LearningMechanics.Predictions;

/// <summary>Every claim in the suite, by strand. A claim's id names its records, baselines and figures.</summary>
public static class Catalogue
{
    public static IReadOnlyList<Claim> All { get; } =
    [
        new DeepLinearSaxeModes(),
        new DiagonalNetImplicitBias(),
        new KernelEigenlearning(),
        new RidgelessDoubleDescent(),
        new MaxMarginBias(),
        new NtkLazyLinearization(),
        new ParamScalingFeatureMovement(),
        new CatapultPhases(),
        new NngpFiniteWidth(),
        new EdgeOfStability(),
        new EdgeOfStabilityAdam(),
        new EdgeOfStabilityHeavyBall(),
        new ConservationLaws(),
        new PowerLawSpectrumScaling(),
        new QuantizationScaling(),
        new NeuralCollapse(),
        new FeatureAnsatzFact(),
        new MupLearningRateTransfer(),
        new DepthMup(),
        new SgdTemperature(),
        new CriticalBatchSize(),
        new RotationalEquilibrium(),
        new RepresentationConvergence(),
        new GrokkingTiming(),
        new LossCurveCollapse(),
    ];

    /// <summary>The claim with this id, or an error that lists the valid ids.</summary>
    public static Claim Find(string id) =>
        All.FirstOrDefault(c => c.Id == id)
        ?? throw new ArgumentException($"Unknown claim '{id}'. Claims: {string.Join(", ", All.Select(c => c.Id))}.");
}
