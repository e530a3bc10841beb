using LearningMechanics.Predictions.MacroscopicLaws;

namespace LearningMechanics.Predictions.Tests.MacroscopicLaws;

public sealed class ConservationLawsTests(ClaimFixture<ConservationLaws> fixture) : ClaimTests<ConservationLaws>(fixture);
