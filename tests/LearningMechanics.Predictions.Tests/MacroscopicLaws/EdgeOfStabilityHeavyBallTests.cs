using LearningMechanics.Predictions.MacroscopicLaws;

namespace LearningMechanics.Predictions.Tests.MacroscopicLaws;

public sealed class EdgeOfStabilityHeavyBallTests(ClaimFixture<EdgeOfStabilityHeavyBall> fixture) : ClaimTests<EdgeOfStabilityHeavyBall>(fixture);
