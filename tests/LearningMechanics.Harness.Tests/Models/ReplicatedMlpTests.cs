using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Models;

public sealed class ReplicatedMlpTests
{
    [Fact]
    public void EachReplicaComputesItsOwnNetwork()
    {
        using var scope = torch.NewDisposeScope();
        var generators = new[] { new torch.Generator(5, torch.CPU), new torch.Generator(7, torch.CPU), new torch.Generator(5, torch.CPU) };
        using var model = new ReplicatedMlp([4, 6, 6, 1], generators, Parameterization.Standard, baseWidth: 6, ComputeDevice.Cpu, Precision.Float64);
        var x = torch.randn(3, 10, 4, dtype: torch.ScalarType.Float64, generator: new torch.Generator(9, torch.CPU));

        var batched = model.Forward(x).detach();

        for (int r = 0; r < 3; r++)
        {
            var h = x[r];
            for (int l = 0; l < 3; l++)
            {
                var z = torch.matmul(h, model.Parameters[l][r].detach().t());
                h = l < 2 ? torch.nn.functional.relu(z) : z;
            }
            double error = (batched[r] - h).abs().max().item<double>();
            Assert.True(error < 1e-12, $"Replica {r} differs from its own network by {error:e2}.");
        }
        // Equally seeded generators give identical replicas; different seeds give different ones.
        Assert.True(model.Parameters.All(w => (w[0] - w[2]).abs().max().item<double>() == 0));
        Assert.True((model.Parameters[0][0] - model.Parameters[0][1]).abs().max().item<double>() > 0);
    }

    [Fact]
    public void MuPZeroesTheReadoutAndScalesHiddenAndReadoutLearningRates()
    {
        using var model = new ReplicatedMlp([4, 128, 128, 1], [new torch.Generator(3, torch.CPU)], Parameterization.MuP, baseWidth: 32, ComputeDevice.Cpu, Precision.Float64);

        Assert.Equal([1.0, 0.25, 0.25], model.LearningRateScales);
        Assert.Equal(0.0, model.Parameters[2].abs().max().item<double>());
        // Input and hidden layers keep the 1/fan_in variance: the hidden layer's empirical variance is 1/128 within sampling error.
        double variance = model.Parameters[1].detach().var().item<double>();
        Assert.InRange(variance * 128, 0.95, 1.05);
    }

    /// <summary>
    /// The defining property (TP5, Table 3): one Adam step changes the output by an amount independent of width under
    /// muP, and by an amount growing ∝ width under SP (where every layer's Adam update adds up over n coordinates).
    /// </summary>
    [Theory]
    [InlineData(Parameterization.MuP, 0.7, 1.4)]
    [InlineData(Parameterization.Standard, 4.0, 16.0)]
    public void OneAdamStepMovesTheOutputAsTheParameterizationPrescribes(Parameterization parameterization, double lowRatio, double highRatio)
    {
        double narrow = OutputChangeAfterTwoSteps(parameterization, 64);
        double wide = OutputChangeAfterTwoSteps(parameterization, 512);
        Assert.InRange(wide / narrow, lowRatio, highRatio);
    }

    [Fact]
    public void RejectsInputsWithTheWrongReplicaCount()
    {
        using var model = new ReplicatedMlp([2, 3, 1], [new torch.Generator(1, torch.CPU)], Parameterization.Standard, 3, ComputeDevice.Cpu, Precision.Float64);
        using var x = torch.zeros(2, 5, 2, dtype: torch.ScalarType.Float64);
        Assert.Throws<ArgumentException>(() => model.Forward(x));
    }

    private static double OutputChangeAfterTwoSteps(Parameterization parameterization, int width)
    {
        using var scope = torch.NewDisposeScope();
        var g = new torch.Generator(11, torch.CPU);
        var x = torch.randn(1, 16, 8, dtype: torch.ScalarType.Float64, generator: g);
        var y = torch.randn(1, 16, 1, dtype: torch.ScalarType.Float64, generator: g);
        using var model = new ReplicatedMlp([8, width, width, 1], [g], parameterization, baseWidth: 64, ComputeDevice.Cpu, Precision.Float64);
        using var adam = new ReplicaAdam(model.Parameters, model.LearningRateScales, [1e-3]);
        var before = model.Forward(x).detach();
        for (int step = 0; step < 2; step++)
            adam.Step(Derivatives.Gradient((model.Forward(x) - y).pow(2).mean(), model.Parameters));
        return (model.Forward(x).detach() - before).abs().mean().item<double>();
    }
}
