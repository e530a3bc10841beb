using LearningMechanics.Predictions.UniversalBehaviors;

namespace LearningMechanics.Predictions.Tests.UniversalBehaviors;

public sealed class GrokkingTimingTests(ClaimFixture<GrokkingTiming> fixture) : ClaimTests<GrokkingTiming>(fixture);
