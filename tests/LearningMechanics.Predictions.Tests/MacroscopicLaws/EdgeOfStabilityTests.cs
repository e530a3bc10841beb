using LearningMechanics.Predictions.MacroscopicLaws;

namespace LearningMechanics.Predictions.Tests.MacroscopicLaws;

public sealed class EdgeOfStabilityTests(ClaimFixture<EdgeOfStability> fixture) : ClaimTests<EdgeOfStability>(fixture);
