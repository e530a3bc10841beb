using LearningMechanics.Predictions.SolvableSettings;

namespace LearningMechanics.Predictions.Tests.SolvableSettings;

public sealed class KernelEigenlearningTests(ClaimFixture<KernelEigenlearning> fixture) : ClaimTests<KernelEigenlearning>(fixture);
