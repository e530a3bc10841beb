using LearningMechanics.Predictions.TractableLimits;

namespace LearningMechanics.Predictions.Tests.TractableLimits;

public sealed class NngpFiniteWidthTests(ClaimFixture<NngpFiniteWidth> fixture) : ClaimTests<NngpFiniteWidth>(fixture);
