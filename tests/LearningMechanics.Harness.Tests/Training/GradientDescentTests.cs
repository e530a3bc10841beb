using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Training;

public sealed class GradientDescentTests
{
    [Fact]
    public void SameSeedGivesBitIdenticalTraining()
    {
        var (firstLosses, firstParameters) = TrainTanhMlp(seed: 61);
        var (secondLosses, secondParameters) = TrainTanhMlp(seed: 61);

        Assert.Equal(firstLosses, secondLosses);
        Assert.Equal(firstParameters, secondParameters);
        // Training must actually have moved, or equality would be trivial.
        Assert.True(firstLosses[^1] < 0.9 * firstLosses[0], $"Loss went from {firstLosses[0]} to {firstLosses[^1]}.");
    }

    [Fact]
    public void DifferentSeedGivesDifferentNumbers()
    {
        var (firstLosses, firstParameters) = TrainTanhMlp(seed: 61);
        var (otherLosses, otherParameters) = TrainTanhMlp(seed: 62);

        Assert.NotEqual(firstLosses[0], otherLosses[0]);
        Assert.NotEqual(firstParameters, otherParameters);
    }

    [Fact]
    public void OneStepMovesEachParameterByScaledNegativeGradient()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(63, torch.CPU);
        // muP scales every learning rate by the width (8), so a step that ignored the scales would be 8× too small.
        using var model = new Mlp([3, 8, 1], Activation.Tanh, Parameterization.MuP, bias: false, generator, ComputeDevice.Cpu, Precision.Float64);
        using var data = SyntheticData.GaussianWithRandomTargets(12, 3, 1, generator, ComputeDevice.Cpu, Precision.Float64);
        var before = model.Parameters.Select(p => p.detach().clone()).ToList();
        var gradients = Derivatives.Gradient(SquaredLoss.Of(model.Forward(data.Inputs), data.Targets), model.Parameters);
        const double lr = 0.05;

        var run = new GradientDescent(lr, steps: 1, probeEvery: 1).Train(model, data);

        Assert.Equal(TrainingOutcome.Completed, run.Outcome);
        Assert.All(model.LearningRateScales, s => Assert.Equal(8.0, s));
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            var expected = before[i] - lr * model.LearningRateScales[i] * gradients[i];
            double error = (model.Parameters[i].detach() - expected).abs().max().item<double>();
            Assert.True(error < 1e-13, $"Parameter {i} is off by {error:e2} after one step.");
        }
    }

    [Fact]
    public void ProbesAtScheduleAndLastStep()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(64, torch.CPU);
        using var model = new DeepLinearNet([3, 4, 1], 0.5, generator, ComputeDevice.Cpu, Precision.Float64);
        using var data = SyntheticData.GaussianWithRandomTargets(10, 3, 1, generator, ComputeDevice.Cpu, Precision.Float64);
        var seen = new List<(int Step, double Loss)>();

        var run = new GradientDescent(0.01, steps: 10, probeEvery: 4).Train(model, data, (step, loss) => seen.Add((step, loss)));

        Assert.Equal([0, 4, 8, 10], run.ProbeSteps);
        Assert.Equal(run.ProbeSteps, seen.Select(s => s.Step));
        Assert.Equal(run.Losses, seen.Select(s => s.Loss));
        Assert.Equal(10, run.StepsTaken);
        Assert.Null(run.DivergedAt);
    }

    [Fact]
    public void ZeroStepsOnlyMeasures()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(65, torch.CPU);
        using var model = new DeepLinearNet([3, 1], 1.0, generator, ComputeDevice.Cpu, Precision.Float64);
        using var data = SyntheticData.GaussianWithRandomTargets(5, 3, 1, generator, ComputeDevice.Cpu, Precision.Float64);
        var before = model.Parameters[0].detach().clone();

        var run = new GradientDescent(0.1, steps: 0, probeEvery: 1).Train(model, data);

        Assert.Equal([0], run.ProbeSteps);
        Assert.Equal(TrainingOutcome.Completed, run.Outcome);
        Assert.True(model.Parameters[0].eq(before).all().item<bool>());
    }

    [Fact]
    public void AbsurdLearningRateIsReportedAsDivergedWithoutThrowing()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(66, torch.CPU);
        using var model = new DeepLinearNet([4, 8, 1], 0.5, generator, ComputeDevice.Cpu, Precision.Float64);
        using var data = SyntheticData.GaussianWithRandomTargets(16, 4, 1, generator, ComputeDevice.Cpu, Precision.Float64);

        var run = new GradientDescent(1e3, steps: 200, probeEvery: 1).Train(model, data);

        Assert.Equal(TrainingOutcome.Diverged, run.Outcome);
        Assert.True(run.Diverged);
        Assert.Equal(run.ProbeSteps[^1], run.DivergedAt);
        Assert.True(run.DivergedAt < 200, $"Divergence reported only at step {run.DivergedAt}.");
        Assert.False(double.IsFinite(run.Losses[^1]));
        Assert.All(run.Losses.SkipLast(1), loss => Assert.True(double.IsFinite(loss)));
    }

    [Fact]
    public void AbsurdLearningRateOnTanhMlpIsReportedAsDiverged()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(67, torch.CPU);
        using var model = new Mlp([4, 16, 1], Activation.Tanh, Parameterization.Standard, bias: true, generator, ComputeDevice.Cpu, Precision.Float32);
        using var data = SyntheticData.GaussianWithRandomTargets(16, 4, 1, generator, ComputeDevice.Cpu, Precision.Float32);

        var run = new GradientDescent(1e3, steps: 200, probeEvery: 10).Train(model, data);

        Assert.Equal(TrainingOutcome.Diverged, run.Outcome);
        Assert.False(double.IsFinite(run.Losses[^1]));
    }

    [Theory]
    [InlineData(0.0, 10, 1)]
    [InlineData(-0.1, 10, 1)]
    [InlineData(double.NaN, 10, 1)]
    [InlineData(double.PositiveInfinity, 10, 1)]
    [InlineData(0.1, -1, 1)]
    [InlineData(0.1, 10, 0)]
    public void RejectsInvalidArguments(double lr, int steps, int probeEvery)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientDescent(lr, steps, probeEvery));
    }

    /// <summary>Trains a small tanh MLP from one seed; returns the loss at every step and the final parameters' bits.</summary>
    private static (double[] Losses, int[] ParameterBits) TrainTanhMlp(long seed)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator((ulong)seed, torch.CPU);
        using var data = SyntheticData.GaussianWithRandomTargets(24, 5, 2, generator, ComputeDevice.Cpu, Precision.Float32);
        using var model = new Mlp([5, 32, 2], Activation.Tanh, Parameterization.Standard, bias: true, generator, ComputeDevice.Cpu, Precision.Float32);

        var run = new GradientDescent(0.1, steps: 40, probeEvery: 1).Train(model, data);

        Assert.Equal(TrainingOutcome.Completed, run.Outcome);
        var bits = model.Parameters.SelectMany(p => p.detach().cpu().data<float>().ToArray()).Select(BitConverter.SingleToInt32Bits).ToArray();
        return (run.Losses.ToArray(), bits);
    }
}
