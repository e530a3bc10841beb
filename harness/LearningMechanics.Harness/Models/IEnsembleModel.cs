using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// K replicas of one network trained as a single batched model: every parameter carries a leading replica dimension
/// [K, …], and replica k never reads another replica's entries, so the Hessian of the summed per-replica loss is
/// block diagonal and one backward pass gives every replica its own gradient (design.md, Performance).
/// </summary>
public interface IEnsembleModel : IDisposable
{
    /// <summary>K, the number of replicas (seeds) trained together.</summary>
    int Replicas { get; }

    /// <summary>The trainable leaf tensors, each [K, …], in the same order as the single model's parameters.</summary>
    IReadOnlyList<torch.Tensor> Parameters { get; }

    /// <summary>Per-parameter learning-rate multipliers, as for the single model.</summary>
    IReadOnlyList<double> LearningRateScales { get; }

    /// <summary>Maps inputs [K, m, d] (or shared inputs [m, d]) to outputs [K, m, k].</summary>
    torch.Tensor Forward(torch.Tensor inputs);

    /// <summary>
    /// The same network at other parameter values: tensors shaped like <see cref="Parameters"/> except for the replica
    /// count K′ (e.g. a subset of the replicas, index-selected), with inputs [K′, m, d]. Lets a Hessian-vector product
    /// leave out replicas whose power iteration has already converged.
    /// </summary>
    torch.Tensor Forward(torch.Tensor inputs, IReadOnlyList<torch.Tensor> parameters);
}
