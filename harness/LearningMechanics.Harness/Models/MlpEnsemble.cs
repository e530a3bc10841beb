using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// K copies of an <see cref="Mlp"/> trained as one batched model: weights [K, out, in], biases [K, out], each layer one
/// batched matmul (bmm) over the replica dimension. Replica k is built by an <see cref="Mlp"/> from generator k and
/// then stacked, so it starts exactly where a separate run with that generator would, and draws the same numbers from it.
/// </summary>
public sealed class MlpEnsemble : IEnsembleModel
{
    private readonly List<torch.Tensor> weights = [];
    private readonly List<torch.Tensor?> biases = [];
    private readonly List<torch.Tensor> parameters = [];
    private readonly IReadOnlyList<double> multipliers;
    private readonly Activation activation;

    public MlpEnsemble(IReadOnlyList<int> widths, Activation activation, Parameterization parameterization, bool bias,
        IReadOnlyList<torch.Generator> generators, ComputeDevice device, Precision precision)
    {
        if (generators.Count < 1) throw new ArgumentException("An ensemble needs at least one replica (one generator each).", nameof(generators));
        var members = generators.Select(g => new Mlp(widths, activation, parameterization, bias, g, device, precision)).ToList();
        try
        {
            this.activation = activation;
            Widths = members[0].Widths;
            multipliers = members[0].LayerMultipliers.ToList();
            LearningRateScales = members[0].LearningRateScales.ToList();
            for (int i = 0; i < members[0].Parameters.Count; i++)
                parameters.Add(EnsembleInputs.StackedLeaf(members.Select(m => m.Parameters[i])));
            // Mlp orders its parameters W_1, b_1, W_2, b_2, …; a bias is the 1-D tensor after its weight.
            foreach (var p in parameters)
            {
                if (p.dim() == 3) { weights.Add(p); biases.Add(null); }
                else biases[^1] = p;
            }
        }
        finally
        {
            foreach (var m in members) m.Dispose();
        }
    }

    public int Replicas => (int)parameters[0].shape[0];

    public IReadOnlyList<int> Widths { get; }

    public IReadOnlyList<torch.Tensor> Parameters => parameters;

    public IReadOnlyList<double> LearningRateScales { get; }

    public torch.Tensor Forward(torch.Tensor inputs) => Forward(inputs, parameters);

    public torch.Tensor Forward(torch.Tensor inputs, IReadOnlyList<torch.Tensor> parameters)
    {
        if (parameters.Count != this.parameters.Count) throw new ArgumentException($"Expected {this.parameters.Count} parameter tensors, got {parameters.Count}.", nameof(parameters));
        var h = EnsembleInputs.Batched(inputs, (int)parameters[0].shape[0], Widths[0]);
        int next = 0;
        for (int l = 0; l < weights.Count; l++)
        {
            var w = parameters[next++];
            var b = biases[l] is null ? null : parameters[next++];
            // Not torch.baddbmm: TorchSharp 0.107 passes its arguments to libtorch in another order (it tries to expand the
            // weights to the bias's shape), so the bias is added after the batched product.
            var z = torch.bmm(h, w.transpose(1, 2));
            if (b is not null) z = z + b.unsqueeze(1);
            if (multipliers[l] != 1.0) z = z * multipliers[l];
            h = l < weights.Count - 1 ? activation.Apply(z) : z;
        }
        return h;
    }

    public void Dispose()
    {
        foreach (var p in parameters) p.Dispose();
    }
}
