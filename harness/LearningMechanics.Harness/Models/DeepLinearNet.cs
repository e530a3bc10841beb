using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// x ↦ W_L ⋯ W_1 x with no biases and no multipliers, entries of every W_l drawn i.i.d. N(0, init_scale²):
/// the setting of Saxe, McClelland &amp; Ganguli (2014) and of the balancedness laws of Arora et al. (2018).
/// </summary>
public sealed class DeepLinearNet : IModel
{
    private readonly List<torch.Tensor> weights = [];

    public DeepLinearNet(IReadOnlyList<int> widths, double initScale, torch.Generator generator, ComputeDevice device, Precision precision)
    {
        if (widths.Count < 2 || widths.Any(w => w < 1)) throw new ArgumentException("A linear net needs at least two positive widths.", nameof(widths));
        if (!(initScale > 0) || !double.IsFinite(initScale)) throw new ArgumentOutOfRangeException(nameof(initScale), initScale, "The init scale must be positive.");
        for (int l = 0; l < widths.Count - 1; l++)
        {
            var w = torch.randn(widths[l + 1], widths[l], dtype: precision.ToScalarType(), generator: generator).mul_(initScale);
            weights.Add(w.to(device.Device, disposeAfter: true).detach().requires_grad_(true));
        }
        LearningRateScales = Enumerable.Repeat(1.0, weights.Count).ToList();
    }

    public IReadOnlyList<torch.Tensor> Parameters => weights;

    public IReadOnlyList<double> LearningRateScales { get; }

    /// <summary>The end-to-end map W_L ⋯ W_1 (a new tensor, detached).</summary>
    public torch.Tensor Product()
    {
        using var _ = torch.no_grad();
        var p = weights[0].clone();
        for (int l = 1; l < weights.Count; l++) p = torch.matmul(weights[l], p);
        return p;
    }

    public torch.Tensor Forward(torch.Tensor inputs)
    {
        var h = inputs;
        foreach (var w in weights) h = torch.matmul(h, w.t());
        return h;
    }

    public void Dispose()
    {
        foreach (var w in weights) w.Dispose();
    }
}
