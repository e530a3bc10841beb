using LearningMechanics.Predictions.HyperparameterTheories;

namespace LearningMechanics.Predictions.Tests.HyperparameterTheories;

public sealed class MupLearningRateTransferTests(ClaimFixture<MupLearningRateTransfer> fixture) : ClaimTests<MupLearningRateTransfer>(fixture);
