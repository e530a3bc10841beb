using LearningMechanics.Predictions.TractableLimits;

namespace LearningMechanics.Predictions.Tests.TractableLimits;

public sealed class CatapultPhasesTests(ClaimFixture<CatapultPhases> fixture) : ClaimTests<CatapultPhases>(fixture);
