using LearningMechanics.Predictions.MacroscopicLaws;

namespace LearningMechanics.Predictions.Tests.MacroscopicLaws;

public sealed class EdgeOfStabilityAdamTests(ClaimFixture<EdgeOfStabilityAdam> fixture) : ClaimTests<EdgeOfStabilityAdam>(fixture);
