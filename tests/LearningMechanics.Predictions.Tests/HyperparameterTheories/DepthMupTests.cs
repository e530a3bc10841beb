using LearningMechanics.Predictions.HyperparameterTheories;

namespace LearningMechanics.Predictions.Tests.HyperparameterTheories;

public sealed class DepthMupTests(ClaimFixture<DepthMup> fixture) : ClaimTests<DepthMup>(fixture);
