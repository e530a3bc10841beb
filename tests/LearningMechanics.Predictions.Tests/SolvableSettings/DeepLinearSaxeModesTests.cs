using LearningMechanics.Predictions.SolvableSettings;

namespace LearningMechanics.Predictions.Tests.SolvableSettings;

public sealed class DeepLinearSaxeModesTests(ClaimFixture<DeepLinearSaxeModes> fixture) : ClaimTests<DeepLinearSaxeModes>(fixture);
