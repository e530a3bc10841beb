using LearningMechanics.Predictions.HyperparameterTheories;

namespace LearningMechanics.Predictions.Tests.HyperparameterTheories;

public sealed class CriticalBatchSizeTests(ClaimFixture<CriticalBatchSize> fixture) : ClaimTests<CriticalBatchSize>(fixture);
