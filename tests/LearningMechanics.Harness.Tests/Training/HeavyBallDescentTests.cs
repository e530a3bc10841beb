using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Training;

public sealed class HeavyBallDescentTests
{
    [Fact]
    public void TwoStepsFollowPyTorchsMomentumForm()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(71, torch.CPU);
        using var model = new DeepLinearNet([3, 1], 0.5, generator, ComputeDevice.Cpu, Precision.Float64);
        using var data = SyntheticData.GaussianWithRandomTargets(10, 3, 1, generator, ComputeDevice.Cpu, Precision.Float64);
        var w = model.Parameters[0];
        var w0 = w.detach().clone();
        const double lr = 0.1, beta = 0.7;
        // By hand: v1 = g0, w1 = w0 − lr·v1; v2 = β·v1 + g1, w2 = w1 − lr·v2.
        var g0 = Derivatives.Gradient(SquaredLoss.Of(model.Forward(data.Inputs), data.Targets), [w])[0];
        var w1 = w0 - lr * g0;
        using (torch.no_grad()) w.copy_(w1);
        var g1 = Derivatives.Gradient(SquaredLoss.Of(model.Forward(data.Inputs), data.Targets), [w])[0];
        var w2 = w1 - lr * (beta * g0 + g1);
        using (torch.no_grad()) w.copy_(w0);

        new HeavyBallDescent(lr, beta, steps: 2, probeEvery: 1).Train(model, data);

        Assert.True((w.detach() - w2).abs().max().item<double>() < 1e-14);
    }

    [Theory]
    [InlineData(0.95, false)]
    [InlineData(1.05, true)]
    public void StabilityThresholdOnAQuadraticIsTwoTimesOnePlusBetaOverLr(double fraction, bool diverges)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(72, torch.CPU);
        using var model = new DeepLinearNet([4, 1], 0.5, generator, ComputeDevice.Cpu, Precision.Float64);
        using var data = SyntheticData.GaussianWithRandomTargets(16, 4, 1, generator, ComputeDevice.Cpu, Precision.Float64);
        // The loss (1/2m)‖Xwᵀ − y‖² has Hessian XᵀX/m.
        double sharpness = torch.linalg.eigvalsh(torch.matmul(data.Inputs.t(), data.Inputs) / 16.0).max().item<double>();
        const double beta = 0.9;
        double lr = fraction * 2 * (1 + beta) / sharpness;

        var run = new HeavyBallDescent(lr, beta, steps: 3000, probeEvery: 100).Train(model, data);

        double growth = run.Losses[^1] / run.Losses[0];
        Assert.Equal(diverges, run.Diverged || growth > 1e6);
    }

    [Fact]
    public void RejectsMomentumOutsideUnitInterval()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeavyBallDescent(0.1, 1.0, 10, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeavyBallDescent(0.1, -0.1, 10, 1));
    }
}
