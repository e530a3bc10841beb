using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// K copies of a <see cref="DeepLinearNet"/> trained as one batched model (weights [K, out, in]). Replica k is built by a
/// <see cref="DeepLinearNet"/> from generator k and stacked, so it equals a separate run with that generator.
/// </summary>
public sealed class DeepLinearNetEnsemble : IEnsembleModel
{
    private readonly List<torch.Tensor> weights = [];

    public DeepLinearNetEnsemble(IReadOnlyList<int> widths, double initScale, IReadOnlyList<torch.Generator> generators, ComputeDevice device, Precision precision)
    {
        if (generators.Count < 1) throw new ArgumentException("An ensemble needs at least one replica (one generator each).", nameof(generators));
        var members = generators.Select(g => new DeepLinearNet(widths, initScale, g, device, precision)).ToList();
        try
        {
            for (int l = 0; l < members[0].Parameters.Count; l++)
                weights.Add(EnsembleInputs.StackedLeaf(members.Select(m => m.Parameters[l])));
            LearningRateScales = members[0].LearningRateScales.ToList();
            InputWidth = widths[0];
        }
        finally
        {
            foreach (var m in members) m.Dispose();
        }
    }

    public int Replicas => (int)weights[0].shape[0];

    public int InputWidth { get; }

    public IReadOnlyList<torch.Tensor> Parameters => weights;

    public IReadOnlyList<double> LearningRateScales { get; }

    /// <summary>Each replica's end-to-end map W_L ⋯ W_1, [K, out, in] (a new tensor, detached).</summary>
    public torch.Tensor Product()
    {
        using var _ = torch.no_grad();
        var p = weights[0].clone();
        for (int l = 1; l < weights.Count; l++) p = torch.matmul(weights[l], p);
        return p;
    }

    public torch.Tensor Forward(torch.Tensor inputs) => Forward(inputs, weights);

    public torch.Tensor Forward(torch.Tensor inputs, IReadOnlyList<torch.Tensor> parameters)
    {
        if (parameters.Count != weights.Count) throw new ArgumentException($"Expected {weights.Count} weight tensors, got {parameters.Count}.", nameof(parameters));
        var h = EnsembleInputs.Batched(inputs, (int)parameters[0].shape[0], InputWidth);
        foreach (var w in parameters) h = torch.matmul(h, w.transpose(1, 2));
        return h;
    }

    public void Dispose()
    {
        foreach (var w in weights) w.Dispose();
    }
}
