using LearningMechanics.Predictions.TractableLimits;

namespace LearningMechanics.Predictions.Tests.TractableLimits;

public sealed class NtkLazyLinearizationTests(ClaimFixture<NtkLazyLinearization> fixture) : ClaimTests<NtkLazyLinearization>(fixture);
