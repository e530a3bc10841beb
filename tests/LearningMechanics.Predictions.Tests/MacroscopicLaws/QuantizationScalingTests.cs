using LearningMechanics.Predictions.MacroscopicLaws;

namespace LearningMechanics.Predictions.Tests.MacroscopicLaws;

public sealed class QuantizationScalingTests(ClaimFixture<QuantizationScaling> fixture) : ClaimTests<QuantizationScaling>(fixture);
