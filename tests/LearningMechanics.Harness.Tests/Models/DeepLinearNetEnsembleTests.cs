using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Models;

public sealed class DeepLinearNetEnsembleTests
{
    private static readonly long[] Seeds = [81, 82, 83, 84];
    private static readonly int[] Widths = [5, 6, 6, 3];

    [Theory]
    [InlineData(Precision.Float64, ReplicaAgreement.Float64)]
    [InlineData(Precision.Float32, ReplicaAgreement.Float32)]
    public void TrainingMatchesSeparateRuns(Precision precision, double tolerance)
    {
        using var scope = torch.NewDisposeScope();
        var separate = new List<(TrainingRun Run, torch.Tensor Product)>();
        foreach (long seed in Seeds)
        {
            var generator = new torch.Generator((ulong)seed, torch.CPU);
            using var data = SyntheticData.GaussianWithRandomTargets(20, 5, 3, generator, ComputeDevice.Cpu, precision);
            using var model = new DeepLinearNet(Widths, 0.5, generator, ComputeDevice.Cpu, precision);
            separate.Add((new GradientDescent(0.05, 60, 15).Train(model, data), model.Product()));
        }
        var generators = Seeds.Select(s => new torch.Generator((ulong)s, torch.CPU)).ToList();
        var sets = generators.Select(g => SyntheticData.GaussianWithRandomTargets(20, 5, 3, g, ComputeDevice.Cpu, precision)).ToList();
        using var stacked = EnsembleDataset.Stack(sets);
        using var ensemble = new DeepLinearNetEnsemble(Widths, 0.5, generators, ComputeDevice.Cpu, precision);

        var runs = new EnsembleGradientDescent(0.05, 60, 15).Train(ensemble, stacked);
        var products = ensemble.Product();

        for (int r = 0; r < Seeds.Length; r++)
        {
            ReplicaAgreement.Within(ReplicaAgreement.RelativeDifference(runs[r].Losses, separate[r].Run.Losses), tolerance, $"{precision} losses, replica {r}");
            ReplicaAgreement.Within(ReplicaAgreement.RelativeDifference(products[r], separate[r].Product), tolerance, $"{precision} end-to-end map, replica {r}");
        }
        Assert.True(separate[0].Run.Losses[^1] < 0.9 * separate[0].Run.Losses[0]);
    }
}
