using LearningMechanics.Predictions.MacroscopicLaws;

namespace LearningMechanics.Predictions.Tests.MacroscopicLaws;

public sealed class FeatureAnsatzFactTests(ClaimFixture<FeatureAnsatzFact> fixture) : ClaimTests<FeatureAnsatzFact>(fixture);
