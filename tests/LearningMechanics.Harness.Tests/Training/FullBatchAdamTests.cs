using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Training;

public sealed class FullBatchAdamTests
{
    [Fact]
    public void TwoStepsFollowKingmaAndBaWithBiasCorrection()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(81, torch.CPU);
        using var model = new DeepLinearNet([3, 1], 0.5, generator, ComputeDevice.Cpu, Precision.Float64);
        using var data = SyntheticData.GaussianWithRandomTargets(10, 3, 1, generator, ComputeDevice.Cpu, Precision.Float64);
        var w = model.Parameters[0];
        var w0 = w.detach().clone();
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var g0 = Derivatives.Gradient(SquaredLoss.Of(model.Forward(data.Inputs), data.Targets), [w])[0];
        var m1 = (1 - b1) * g0;
        var v1 = (1 - b2) * g0 * g0;
        var w1 = w0 - lr * (m1 / (1 - b1)) / ((v1 / (1 - b2)).sqrt() + eps);
        using (torch.no_grad()) w.copy_(w1);
        var g1 = Derivatives.Gradient(SquaredLoss.Of(model.Forward(data.Inputs), data.Targets), [w])[0];
        var m2 = b1 * m1 + (1 - b1) * g1;
        var v2 = b2 * v1 + (1 - b2) * g1 * g1;
        var p2 = (v2 / (1 - b2 * b2)).sqrt() + eps;
        var w2 = w1 - lr * (m2 / (1 - b1 * b1)) / p2;
        using (torch.no_grad()) w.copy_(w0);
        using var adam = new FullBatchAdam(lr, b1, b2, eps, steps: 2, probeEvery: 1);
        Assert.Null(adam.Preconditioner());

        adam.Train(model, data);
        using var preconditioner = adam.Preconditioner();

        Assert.Equal(2, adam.Updates);
        Assert.True((w.detach() - w2).abs().max().item<double>() < 1e-14);
        Assert.NotNull(preconditioner);
        Assert.True((preconditioner - p2.reshape(-1)).abs().max().item<double>() < 1e-14);
    }

    [Fact]
    public void StepFromGivenGradientsMatchesTrain()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(82, torch.CPU);
        using var model = new DeepLinearNet([3, 2, 1], 0.5, generator, ComputeDevice.Cpu, Precision.Float64);
        using var data = SyntheticData.GaussianWithRandomTargets(10, 3, 1, generator, ComputeDevice.Cpu, Precision.Float64);
        var start = model.Parameters.Select(p => p.detach().clone()).ToList();
        using (var trained = new FullBatchAdam(0.01, 0.9, 0.999, 1e-8, steps: 3, probeEvery: 1)) trained.Train(model, data);
        var viaTrain = model.Parameters.Select(p => p.detach().clone()).ToList();
        using (torch.no_grad())
            for (int i = 0; i < start.Count; i++) model.Parameters[i].copy_(start[i]);

        using var stepped = new FullBatchAdam(0.01, 0.9, 0.999, 1e-8, steps: 0, probeEvery: 1);
        for (int s = 0; s < 3; s++)
        {
            var g = Derivatives.Gradient(SquaredLoss.Of(model.Forward(data.Inputs), data.Targets), model.Parameters);
            stepped.Step(model.Parameters, g.ToList());
        }

        for (int i = 0; i < start.Count; i++)
            Assert.True((model.Parameters[i].detach() - viaTrain[i]).abs().max().item<double>() < 1e-14);
    }
}
