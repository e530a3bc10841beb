using TorchSharp;

namespace LearningMechanics.Harness.Observables;

/// <summary>
/// Hessian-vector products of an ensemble's summed loss Σ_k L_k, whose Hessian is block diagonal (replica k's
/// parameters enter only L_k). A vector is [K, D], one row per replica, and the product's row k is H_k v_k: one double
/// backward serves all K replicas. Built like <see cref="HessianVectorProduct"/>; disposing frees the graph.
/// </summary>
public sealed class EnsembleHessianVectorProduct : IDisposable
{
    private readonly IReadOnlyList<torch.Tensor> parameters;
    private readonly torch.Tensor loss;
    private readonly torch.Tensor gradient;

    /// <param name="summedLoss">Σ_k L_k, a scalar.</param>
    /// <param name="parameters">The ensemble's parameters, each [K, …].</param>
    public EnsembleHessianVectorProduct(torch.Tensor summedLoss, IReadOnlyList<torch.Tensor> parameters)
    {
        if (summedLoss.numel() != 1) throw new ArgumentException("The summed loss must be a scalar.", nameof(summedLoss));
        if (parameters.Count == 0 || parameters.Any(p => p.dim() < 1 || p.shape[0] != parameters[0].shape[0]))
            throw new ArgumentException("Every parameter must carry the same leading replica dimension.", nameof(parameters));
        this.parameters = parameters;
        loss = summedLoss;
        var grads = Derivatives.GradientWithGraph(summedLoss, parameters);
        gradient = ReplicaVector.Flatten(grads);
        foreach (var g in grads) g.Dispose();
    }

    public int Replicas => (int)gradient.shape[0];

    /// <summary>D, the parameters per replica.</summary>
    public long Dimension => gradient.shape[1];

    public torch.ScalarType DType => gradient.dtype;

    public torch.Device Device => gradient.device;

    /// <summary>Every replica's gradient, [K, D] (a detached copy).</summary>
    public torch.Tensor Gradient() => gradient.detach().clone();

    /// <summary>Row k of the result is H_k v_k.</summary>
    public torch.Tensor Apply(torch.Tensor v)
    {
        if (v.dim() != 2 || v.shape[0] != Replicas || v.shape[1] != Dimension)
            throw new ArgumentException($"Vector is ({string.Join(", ", v.shape)}); expected ({Replicas}, {Dimension}).");
        using var scope = torch.NewDisposeScope();
        if (!gradient.requires_grad) return torch.zeros_like(gradient).MoveToOuterDisposeScope();
        // Σ_k g_k·v_k: its gradient's block k is H_k v_k, since g_k depends on replica k's parameters only.
        var dot = (gradient * v.detach()).sum();
        var hv = Derivatives.Gradient(dot, parameters, keepGraph: true);
        return ReplicaVector.Flatten(hv).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        gradient.Dispose();
        loss.Dispose();
    }
}
