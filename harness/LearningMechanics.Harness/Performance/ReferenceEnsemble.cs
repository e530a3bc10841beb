using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Performance;

/// <summary>
/// K replicas of a float32 tanh MLP, each with its own data, as one <see cref="MlpEnsemble"/>; <see cref="Step"/> is one
/// step of <see cref="EnsembleGradientDescent"/> between probes. With K = 1 it is the single-seed step to compare with.
/// </summary>
public sealed class ReferenceEnsemble : IDisposable
{
    private const double LearningRate = 0.01;

    private readonly MlpEnsemble model;
    private readonly EnsembleDataset data;

    public ReferenceEnsemble(int replicas, IReadOnlyList<int> widths, int samples, long firstSeed, ComputeDevice device)
    {
        var generators = Enumerable.Range(0, replicas).Select(r => device.Seed(firstSeed + r)).ToList();
        var sets = generators.Select(g => SyntheticData.GaussianWithRandomTargets(samples, widths[0], widths[^1], g, device, Precision.Float32)).ToList();
        data = EnsembleDataset.Stack(sets);
        foreach (var set in sets) set.Dispose();
        model = new MlpEnsemble(widths, Activation.Tanh, Parameterization.Standard, bias: true, generators, device, Precision.Float32);
    }

    public int Replicas => model.Replicas;

    public void Step()
    {
        using var scope = torch.NewDisposeScope();
        var grads = Derivatives.Gradient(ReplicaSquaredLoss.Summed(model.Forward(data.Inputs), data.Targets), model.Parameters);
        using (torch.no_grad())
        {
            for (int i = 0; i < grads.Count; i++) model.Parameters[i].add_(grads[i], -LearningRate);
        }
    }

    public void Dispose()
    {
        model.Dispose();
        data.Dispose();
    }
}
