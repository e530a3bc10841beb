using LearningMechanics.Predictions.MacroscopicLaws;

namespace LearningMechanics.Predictions.Tests.MacroscopicLaws;

public sealed class PowerLawSpectrumScalingTests(ClaimFixture<PowerLawSpectrumScaling> fixture) : ClaimTests<PowerLawSpectrumScaling>(fixture);
