using LearningMechanics.Predictions.HyperparameterTheories;

namespace LearningMechanics.Predictions.Tests.HyperparameterTheories;

public sealed class RotationalEquilibriumTests(ClaimFixture<RotationalEquilibrium> fixture) : ClaimTests<RotationalEquilibrium>(fixture);
