using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Tests.Models;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Training;

public sealed class EnsembleGradientDescentTests
{
    private static readonly int[] Widths = [4, 16, 1];

    [Fact]
    public void ADivergedReplicaIsFrozenAndDoesNotTouchTheOthers()
    {
        using var scope = torch.NewDisposeScope();
        // A linear-activation net (tanh would saturate instead of diverging): replica 1's inputs are 30× larger, so its
        // sharpness is ~900× larger and lr = 0.05 blows it up, while replicas 0 and 2 train normally.
        double[] inputScale = [1, 30, 1];
        long[] seeds = [101, 102, 103];
        var separate = seeds.Select((seed, r) =>
        {
            var generator = new torch.Generator((ulong)seed, torch.CPU);
            using var data = Data(generator, inputScale[r]);
            using var model = new Mlp(Widths, Activation.Identity, Parameterization.Standard, bias: true, generator, ComputeDevice.Cpu, Precision.Float64);
            return (Run: new GradientDescent(0.05, 60, 5).Train(model, data), Parameters: model.Parameters.Select(p => p.detach().clone()).ToList());
        }).ToList();

        var generators = seeds.Select(s => new torch.Generator((ulong)s, torch.CPU)).ToList();
        var sets = generators.Select((g, r) => Data(g, inputScale[r])).ToList();
        using var stacked = EnsembleDataset.Stack(sets);
        using var ensemble = new MlpEnsemble(Widths, Activation.Identity, Parameterization.Standard, bias: true, generators, ComputeDevice.Cpu, Precision.Float64);
        var probed = new List<IReadOnlyList<double>>();
        var runs = new EnsembleGradientDescent(0.05, 60, 5).Train(ensemble, stacked, (_, losses) =>
        {
            probed.Add(losses.ToList());
            // A probe measuring every replica must see finite numbers for the live ones, whatever the frozen one did.
            var power = new EnsembleSharpness(50, 1e-6).Of(ensemble, stacked.Inputs, stacked.Targets, null, generators, losses.Select(double.IsFinite).ToList());
            power.Vectors.Dispose();
            Assert.All(power.Values.Where((_, r) => double.IsFinite(losses[r])), v => Assert.True(double.IsFinite(v)));
        });

        Assert.True(separate[1].Run.Diverged, "The test needs replica 1 to diverge on its own.");
        Assert.Equal(TrainingOutcome.Diverged, runs[1].Outcome);
        Assert.Equal(separate[1].Run.DivergedAt, runs[1].DivergedAt);
        Assert.Equal(separate[1].Run.ProbeSteps, runs[1].ProbeSteps);
        Assert.All(probed.Skip(runs[1].ProbeSteps.Count - 1), losses => Assert.True(double.IsNaN(losses[1])));
        foreach (int r in new[] { 0, 2 })
        {
            Assert.Equal(TrainingOutcome.Completed, runs[r].Outcome);
            ReplicaAgreement.Within(ReplicaAgreement.RelativeDifference(runs[r].Losses, separate[r].Run.Losses), ReplicaAgreement.Float64, $"losses, replica {r}");
            for (int i = 0; i < ensemble.Parameters.Count; i++)
                ReplicaAgreement.Within(ReplicaAgreement.RelativeDifference(ensemble.Parameters[i][r], separate[r].Parameters[i]), ReplicaAgreement.Float64, $"parameter {i}, replica {r}");
        }
        Assert.All(ensemble.Parameters, p => Assert.True(p[1].eq(0).all().item<bool>(), "The diverged replica is frozen at zero."));
    }

    [Fact]
    public void AReplicaCountMismatchIsRefused()
    {
        using var scope = torch.NewDisposeScope();
        var generators = new[] { 1L, 2L }.Select(s => new torch.Generator((ulong)s, torch.CPU)).ToList();
        using var ensemble = new MlpEnsemble(Widths, Activation.Tanh, Parameterization.Standard, bias: true, generators, ComputeDevice.Cpu, Precision.Float64);
        using var stacked = EnsembleDataset.Stack([Data(generators[0], 1)]);
        Assert.Throws<ArgumentException>(() => new EnsembleGradientDescent(0.1, 1, 1).Train(ensemble, stacked));
    }

    private static Dataset Data(torch.Generator generator, double inputScale)
    {
        var data = SyntheticData.GaussianWithRandomTargets(24, Widths[0], 1, generator, ComputeDevice.Cpu, Precision.Float64);
        data.Inputs.mul_(inputScale);
        return data;
    }
}
