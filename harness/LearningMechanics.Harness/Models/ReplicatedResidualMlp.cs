using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// R independent replicas of a bias-free residual MLP in the mean-field / muP form of Bordelon, Noci, Li, Hanin &amp;
/// Pehlevan (2024, ICLR), "Depthwise hyperparameter transfer in residual networks", Eq. 1 and Table 1, with γ₀ = 1:
/// <code>
/// h¹ = W⁰x/√d,   hˡ⁺¹ = hˡ + β·(1/√n)·Wˡφ(hˡ)  (l = 1 … L),   f = (1/n)·w·φ(hᴸ⁺¹)
/// </code>
/// every weight entry N(0, 1), φ = ReLU, and one SGD learning-rate multiplier n on every layer (Table 1's η₀γ₀²n), so
/// that a step of base learning rate η moves the output and every hidden layer by O(η) at any width. The branch
/// multiplier β is the depth parameterization: β = L^−1/2 is the paper's (and Depth-μP's, Yang et al. 2024) residual
/// scaling, β = 1 the plain muP ResNet. Weights are stored batched and transposed (R × in × out, so layer l computes
/// h·Wˡᵀ as h·P with P = Wˡᵀ) and run as one batched matmul per layer, so a learning-rate sweep over seeds costs little
/// more than one net. Stored transposed, every weight gradient comes out of autograd contiguous; stored R × out × in
/// and used through a transposed view, each gradient was a transposed view, and the elementwise SGD update reading it
/// cost ≈ 0.15 ms per [56, 64, 64] tensor against 0.025 ms contiguous (1 thread): at depth 8 the update took about as
/// long as the forward and backward passes together. The numbers are the same either way (forward and gradients equal
/// bit for bit, measured). Replica r draws its weights from its own generator, layer by layer (each Wˡ as out × in), so
/// two replicas given equally seeded generators start identical.
/// </summary>
public sealed class ReplicatedResidualMlp : IEnsembleModel
{
    private readonly List<torch.Tensor> weights = [];
    private readonly List<double> lrScales = [];

    public ReplicatedResidualMlp(int inputs, int width, int blocks, double branchMultiplier, IReadOnlyList<torch.Generator> replicaGenerators,
        ComputeDevice device, Precision precision)
    {
        if (inputs < 1 || width < 1) throw new ArgumentException("The input dimension and width must be positive.");
        if (blocks < 1) throw new ArgumentOutOfRangeException(nameof(blocks), blocks, "A residual net needs at least one block.");
        if (!(branchMultiplier > 0) || !double.IsFinite(branchMultiplier))
            throw new ArgumentOutOfRangeException(nameof(branchMultiplier), branchMultiplier, "The branch multiplier must be positive and finite.");
        if (replicaGenerators.Count < 1) throw new ArgumentException("At least one replica is needed.", nameof(replicaGenerators));
        Inputs = inputs;
        Width = width;
        Blocks = blocks;
        BranchMultiplier = branchMultiplier;
        Replicas = replicaGenerators.Count;
        var type = precision.ToScalarType();
        var shapes = new List<(int Out, int In)> { (width, inputs) };
        for (int l = 0; l < blocks; l++) shapes.Add((width, width));
        shapes.Add((1, width));
        foreach (var (fanOut, fanIn) in shapes)
        {
            var perReplica = replicaGenerators.Select(g => torch.randn(fanOut, fanIn, dtype: type, generator: g)).ToList();
            using var stacked = torch.stack(perReplica);
            foreach (var w in perReplica) w.Dispose();
            using var transposed = stacked.transpose(1, 2);
            weights.Add(transposed.contiguous().to(device.Device, disposeAfter: true).detach().requires_grad_(true));
            lrScales.Add(width);
        }
    }

    public int Inputs { get; }

    public int Width { get; }

    /// <summary>L, the number of residual blocks.</summary>
    public int Blocks { get; }

    /// <summary>β, the factor on every residual branch.</summary>
    public double BranchMultiplier { get; }

    public int Replicas { get; }

    /// <summary>The transposed weights W⁰ᵀ (R × d × n), W¹ᵀ … Wᴸᵀ (R × n × n), wᵀ (R × n × 1).</summary>
    public IReadOnlyList<torch.Tensor> Parameters => weights;

    /// <summary>The SGD learning-rate multiplier n on every layer (Bordelon et al. Table 1, muP: η = η₀γ₀²n with γ₀ = 1).</summary>
    public IReadOnlyList<double> LearningRateScales => lrScales;

    /// <summary>Maps inputs R × m × d (one batch per replica) or shared inputs m × d to outputs R × m × 1.</summary>
    public torch.Tensor Forward(torch.Tensor inputs) => Forward(inputs, weights);

    /// <summary>The same network at other weights (shaped like <see cref="Parameters"/>, any replica count R′).</summary>
    public torch.Tensor Forward(torch.Tensor inputs, IReadOnlyList<torch.Tensor> parameters)
    {
        if (parameters.Count != weights.Count) throw new ArgumentException($"Expected {weights.Count} weight tensors, got {parameters.Count}.", nameof(parameters));
        long replicas = parameters[0].shape[0];
        bool shared = inputs.dim() == 2 && inputs.shape[1] == Inputs;
        if (!shared && (inputs.dim() != 3 || inputs.shape[0] != replicas || inputs.shape[2] != Inputs))
            throw new ArgumentException($"Expected inputs of shape ({replicas}, m, {Inputs}) or (m, {Inputs}), got ({string.Join(", ", inputs.shape)}).");
        var h = torch.matmul(inputs, parameters[0]).div(Math.Sqrt(Inputs));
        double branch = BranchMultiplier / Math.Sqrt(Width);
        for (int l = 1; l <= Blocks; l++)
            h = h + torch.matmul(torch.nn.functional.relu(h), parameters[l]).mul(branch);
        return torch.matmul(torch.nn.functional.relu(h), parameters[^1]).div(Width);
    }

    public void Dispose()
    {
        foreach (var w in weights) w.Dispose();
    }
}
