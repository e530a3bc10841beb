using LearningMechanics.Predictions.SolvableSettings;

namespace LearningMechanics.Predictions.Tests.SolvableSettings;

public sealed class MaxMarginBiasTests(ClaimFixture<MaxMarginBias> fixture) : ClaimTests<MaxMarginBias>(fixture);
