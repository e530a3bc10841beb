using LearningMechanics.Predictions.UniversalBehaviors;

namespace LearningMechanics.Predictions.Tests.UniversalBehaviors;

public sealed class LossCurveCollapseTests(ClaimFixture<LossCurveCollapse> fixture) : ClaimTests<LossCurveCollapse>(fixture);
