using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// K independent bias-free MLPs at initialisation, sampled as batched weight tensors (one batch entry per network):
/// z₁ = W₁x/√d and z_{l+1} = √(gain/n_l)·W_{l+1}φ(z_l), with every W entry ~ N(0, 1) (He init for ReLU: gain 2; a linear
/// net: gain 1, φ = identity). A scalar readout f = √(gain/n_L)·w·φ(z_L) with w ~ N(0, I) is Gaussian given the hidden
/// layers, with covariance G(x, x') = (gain/n_L)·φ(z_L(x))·φ(z_L(x')); <see cref="ReadoutCovariances"/> returns that G for
/// each network, so moments of f over inits follow from moments of G without sampling w (f⁴: E[f⁴] = 3E[G(x,x)²]).
/// Weights are drawn on the CPU from the given generator, in chunks of networks to bound memory.
/// </summary>
public sealed class RandomMlpEnsemble(IReadOnlyList<int> hiddenWidths, Activation activation)
{
    public IReadOnlyList<int> HiddenWidths { get; } = hiddenWidths.Count > 0 && hiddenWidths.All(n => n >= 1)
        ? hiddenWidths.ToList()
        : throw new ArgumentException("At least one hidden layer of positive width is needed.", nameof(hiddenWidths));

    public Activation Activation { get; } = activation is Activation.Relu or Activation.Identity
        ? activation
        : throw new ArgumentException("Only ReLU (gain 2) and linear (gain 1) networks have a standard He/LeCun gain here.", nameof(activation));

    /// <summary>2 for ReLU (He), 1 for a linear net: keeps E[z²] constant across layers.</summary>
    public double Gain => Activation == Activation.Relu ? 2.0 : 1.0;

    /// <summary>G(x_a, x_b) for <paramref name="networks"/> fresh networks: a (K, p, p) float64 tensor for p inputs (p × d).</summary>
    public torch.Tensor ReadoutCovariances(torch.Tensor inputs, int networks, torch.Generator generator, int chunk = 8192)
    {
        if (inputs.dim() != 2) throw new ArgumentException("Inputs must be a (p, d) matrix.", nameof(inputs));
        if (networks < 1) throw new ArgumentOutOfRangeException(nameof(networks), networks, "At least one network.");
        var type = torch.ScalarType.Float64;
        var x = inputs.to(type).cpu();
        int d = (int)x.shape[1];
        var parts = new List<torch.Tensor>();
        for (int start = 0; start < networks; start += chunk)
        {
            using var scope = torch.NewDisposeScope();
            int k = Math.Min(chunk, networks - start);
            var h = x.unsqueeze(0).expand(k, -1, -1);
            int fanIn = d;
            double scale = 1.0 / Math.Sqrt(d);
            foreach (int width in HiddenWidths)
            {
                var w = torch.randn([k, width, fanIn], dtype: type, generator: generator);
                var z = torch.bmm(h, w.transpose(1, 2)) * scale;
                h = Activation.Apply(z);
                scale = Math.Sqrt(Gain / width);
                fanIn = width;
            }
            parts.Add((torch.bmm(h, h.transpose(1, 2)) * (Gain / fanIn)).MoveToOuterDisposeScope());
        }
        var all = torch.cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return all;
    }

    /// <summary>
    /// The same distribution of G as <see cref="ReadoutCovariances"/> for one or two inputs, sampled without weight
    /// matrices: given layer l's activations a, a', the rows of W_{l+1} are iid N(0, I), so the next layer's unit pairs
    /// (z_i, z'_i) are iid N(0, s²[[a·a, a·a'], [a·a', a'·a']]) (rotation invariance of the Gaussian). Cost K·n per
    /// layer instead of K·n².
    /// </summary>
    public torch.Tensor ReadoutCovariancesFromPreactivations(torch.Tensor inputs, int networks, torch.Generator generator)
    {
        if (inputs.dim() != 2 || inputs.shape[0] is < 1 or > 2) throw new ArgumentException("Inputs must be a (p, d) matrix with p = 1 or 2.", nameof(inputs));
        if (networks < 1) throw new ArgumentOutOfRangeException(nameof(networks), networks, "At least one network.");
        using var scope = torch.NewDisposeScope();
        var type = torch.ScalarType.Float64;
        var x = inputs.to(type).cpu();
        int p = (int)x.shape[0];
        // The first layer's covariance x·x'/d is the same for every network.
        var gram = (torch.matmul(x, x.t()) / (double)x.shape[1]).unsqueeze(0).expand(networks, -1, -1);
        foreach (int width in HiddenWidths)
        {
            var c00 = gram[.., 0, 0].clamp_min(0).unsqueeze(1);
            var l00 = c00.sqrt();
            var g0 = torch.randn([networks, width], dtype: type, generator: generator);
            var z0 = l00 * g0;
            var h0 = Activation.Apply(z0);
            if (p == 1)
            {
                gram = ((h0 * h0).sum(1) * (Gain / width)).reshape(networks, 1, 1);
                continue;
            }
            var c01 = gram[.., 0, 1].unsqueeze(1);
            var c11 = gram[.., 1, 1].unsqueeze(1);
            // 2×2 Cholesky; a network whose first input's activations all died (c00 = 0) has no correlation to carry.
            var l10 = torch.where(l00 > 0, c01 / l00.clamp_min(1e-300), torch.zeros_like(c01));
            var l11 = (c11 - l10 * l10).clamp_min(0).sqrt();
            var z1 = l10 * g0 + l11 * torch.randn([networks, width], dtype: type, generator: generator);
            var h1 = Activation.Apply(z1);
            double s = Gain / width;
            gram = torch.stack([torch.stack([(h0 * h0).sum(1), (h0 * h1).sum(1)], 1), torch.stack([(h0 * h1).sum(1), (h1 * h1).sum(1)], 1)], 1) * s;
        }
        return gram.contiguous().MoveToOuterDisposeScope();
    }
}
