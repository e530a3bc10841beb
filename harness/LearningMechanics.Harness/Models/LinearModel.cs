using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// x ↦ ⟨w, x⟩ with w(0) = 0: least squares trained by GD. From zero init GD stays in the row space of the inputs, so
/// when it interpolates it reaches the minimum-norm interpolant (the ridgeless limit of Hastie et al. 2022).
/// </summary>
public sealed class LinearModel : IModel
{
    private readonly torch.Tensor w;

    public LinearModel(int inputs, ComputeDevice device, Precision precision)
    {
        if (inputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "A linear model needs at least one input.");
        w = torch.zeros(inputs, 1, dtype: precision.ToScalarType()).to(device.Device, disposeAfter: true).detach().requires_grad_(true);
        Parameters = [w];
    }

    public IReadOnlyList<torch.Tensor> Parameters { get; }

    public IReadOnlyList<double> LearningRateScales { get; } = [1.0];

    /// <summary>The weights w (d × 1, a new tensor, detached).</summary>
    public torch.Tensor Weights()
    {
        using var _ = torch.no_grad();
        return w.clone();
    }

    public torch.Tensor Forward(torch.Tensor inputs)
    {
        if (inputs.dim() != 2 || inputs.shape[1] != w.shape[0])
            throw new ArgumentException($"Inputs must be m × {w.shape[0]}; got {string.Join("×", inputs.shape)}.");
        return torch.matmul(inputs, w);
    }

    public void Dispose() => w.Dispose();
}
