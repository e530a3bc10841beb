using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// A network as a function of explicit parameter tensors, so that Hessian-vector products, kernels and
/// conserved quantities can be taken with respect to exactly those tensors.
/// </summary>
public interface IModel : IDisposable
{
    /// <summary>The trainable leaf tensors, in a fixed order.</summary>
    IReadOnlyList<torch.Tensor> Parameters { get; }

    /// <summary>Per-parameter learning-rate multipliers (1 for all under SP and NTK; width-dependent under muP).</summary>
    IReadOnlyList<double> LearningRateScales { get; }

    /// <summary>Maps inputs (m × d) to outputs (m × k).</summary>
    torch.Tensor Forward(torch.Tensor inputs);
}
