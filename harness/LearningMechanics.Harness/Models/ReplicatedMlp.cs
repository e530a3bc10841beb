using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// R independent replicas of a bias-free MLP (ReLU unless another activation is given) widths[0] → … → widths[^1], stored as batched weights (R × out × in)
/// and run as one batched matmul per layer, so a learning-rate sweep over seeds costs little more than one net. Replica
/// r draws its weights from its own generator (layer by layer), so two replicas given equally seeded generators start
/// identical. Parameterizations are for Adam (Yang et al. 2022, Tensor Programs V, Table 3, with base width n₀):
/// <list type="bullet">
/// <item><see cref="Parameterization.Standard"/>: every W ~ N(0, 1/fan_in), every Adam learning rate lr.</item>
/// <item><see cref="Parameterization.MuP"/>: input and hidden W ~ N(0, 1/fan_in); the readout starts at zero (the
/// limit of Table 3's variance 1/fan_in²); Adam learning rate lr on the input layer and
/// lr·n₀/fan_in on hidden and readout layers. At width n₀ it differs from Standard only in the zero readout.</item>
/// </list>
/// </summary>
public sealed class ReplicatedMlp : IModel
{
    private readonly List<torch.Tensor> weights = [];
    private readonly List<double> lrScales = [];
    private readonly Activation activation;

    public ReplicatedMlp(IReadOnlyList<int> widths, IReadOnlyList<torch.Generator> replicaGenerators, Parameterization parameterization,
        int baseWidth, ComputeDevice device, Precision precision, Activation activation = Activation.Relu)
    {
        this.activation = activation;
        if (widths.Count < 2 || widths.Any(w => w < 1)) throw new ArgumentException("An MLP needs at least two positive widths.", nameof(widths));
        if (replicaGenerators.Count < 1) throw new ArgumentException("At least one replica is needed.", nameof(replicaGenerators));
        if (parameterization is not (Parameterization.Standard or Parameterization.MuP))
            throw new ArgumentException("Replicated MLPs implement the Standard and muP (Adam) parameterizations only.", nameof(parameterization));
        if (baseWidth < 1) throw new ArgumentOutOfRangeException(nameof(baseWidth), baseWidth, "The base width must be positive.");
        Widths = widths.ToList();
        Replicas = replicaGenerators.Count;
        Parameterization = parameterization;
        var type = precision.ToScalarType();
        int layers = widths.Count - 1;
        for (int l = 0; l < layers; l++)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            bool readout = l == layers - 1;
            bool zero = parameterization == Parameterization.MuP && readout;
            // Every replica draws from its own generator even when zero-initialised, so later layers do not depend on it.
            var perReplica = replicaGenerators.Select(g =>
            {
                var w = torch.randn(fanOut, fanIn, dtype: type, generator: g).div_(Math.Sqrt(fanIn));
                return zero ? w.zero_() : w;
            }).ToList();
            var stacked = torch.stack(perReplica);
            foreach (var w in perReplica) w.Dispose();
            weights.Add(stacked.to(device.Device, disposeAfter: true).detach().requires_grad_(true));
            lrScales.Add(parameterization == Parameterization.MuP && l > 0 ? (double)baseWidth / fanIn : 1.0);
        }
    }

    public IReadOnlyList<int> Widths { get; }

    public int Replicas { get; }

    public Parameterization Parameterization { get; }

    /// <summary>One tensor per layer, R × fan_out × fan_in.</summary>
    public IReadOnlyList<torch.Tensor> Parameters => weights;

    /// <summary>Per-layer Adam learning-rate multipliers (muP: 1 on the input layer, n₀/fan_in elsewhere).</summary>
    public IReadOnlyList<double> LearningRateScales => lrScales;

    /// <summary>Maps inputs R × m × d (one batch per replica) to outputs R × m × k.</summary>
    public torch.Tensor Forward(torch.Tensor inputs)
    {
        if (inputs.dim() != 3 || inputs.shape[0] != Replicas || inputs.shape[2] != Widths[0])
            throw new ArgumentException($"Expected inputs of shape ({Replicas}, m, {Widths[0]}), got ({string.Join(", ", inputs.shape)}).");
        var h = inputs;
        for (int l = 0; l < weights.Count; l++)
        {
            var z = torch.matmul(h, weights[l].transpose(1, 2));
            h = l < weights.Count - 1 ? activation.Apply(z) : z;
        }
        return h;
    }

    public void Dispose()
    {
        foreach (var w in weights) w.Dispose();
    }
}
