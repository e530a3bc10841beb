using LearningMechanics.Predictions.SolvableSettings;

namespace LearningMechanics.Predictions.Tests.SolvableSettings;

public sealed class DiagonalNetImplicitBiasTests(ClaimFixture<DiagonalNetImplicitBias> fixture) : ClaimTests<DiagonalNetImplicitBias>(fixture);
