using LearningMechanics.Predictions.HyperparameterTheories;

namespace LearningMechanics.Predictions.Tests.HyperparameterTheories;

public sealed class SgdTemperatureTests(ClaimFixture<SgdTemperature> fixture) : ClaimTests<SgdTemperature>(fixture);
