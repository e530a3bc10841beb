using LearningMechanics.Predictions.SolvableSettings;

namespace LearningMechanics.Predictions.Tests.SolvableSettings;

public sealed class RidgelessDoubleDescentTests(ClaimFixture<RidgelessDoubleDescent> fixture) : ClaimTests<RidgelessDoubleDescent>(fixture);
