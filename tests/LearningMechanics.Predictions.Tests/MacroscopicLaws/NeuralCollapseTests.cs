using LearningMechanics.Predictions.MacroscopicLaws;

namespace LearningMechanics.Predictions.Tests.MacroscopicLaws;

public sealed class NeuralCollapseTests(ClaimFixture<NeuralCollapse> fixture) : ClaimTests<NeuralCollapse>(fixture);
