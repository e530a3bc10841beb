using LearningMechanics.Predictions.TractableLimits;

namespace LearningMechanics.Predictions.Tests.TractableLimits;

public sealed class ParamScalingFeatureMovementTests(ClaimFixture<ParamScalingFeatureMovement> fixture) : ClaimTests<ParamScalingFeatureMovement>(fixture);
