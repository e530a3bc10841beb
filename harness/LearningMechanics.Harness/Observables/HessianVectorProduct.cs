using TorchSharp;

namespace LearningMechanics.Harness.Observables;

/// <summary>
/// Hessian-vector products of a scalar loss by double backward: the gradient is built once with a graph, then
/// each product differentiates g·v. TorchSharp needs retain_graph together with create_graph, and again on every
/// product so the gradient graph survives for the next one. Disposing frees the graph.
/// </summary>
public sealed class HessianVectorProduct : IDisposable
{
    private readonly IReadOnlyList<torch.Tensor> parameters;
    private readonly torch.Tensor loss;
    private readonly torch.Tensor gradient;

    public HessianVectorProduct(torch.Tensor loss, IReadOnlyList<torch.Tensor> parameters)
    {
        if (loss.numel() != 1) throw new ArgumentException("The loss must be a scalar.", nameof(loss));
        this.parameters = parameters;
        this.loss = loss;
        var grads = Derivatives.GradientWithGraph(loss, parameters);
        gradient = ParameterVector.Flatten(grads);
        foreach (var g in grads) g.Dispose();
    }

    public long Dimension => gradient.numel();

    /// <summary>The element type of the parameters (and of every product).</summary>
    public torch.ScalarType DType => gradient.dtype;

    /// <summary>Where the parameters live.</summary>
    public torch.Device Device => gradient.device;

    /// <summary>The gradient at this point (a detached copy).</summary>
    public torch.Tensor Gradient() => gradient.detach().clone();

    /// <summary>H·v for a flat vector v with one entry per parameter.</summary>
    public torch.Tensor Apply(torch.Tensor v)
    {
        if (v.numel() != Dimension) throw new ArgumentException($"Vector has {v.numel()} entries; the Hessian is {Dimension}×{Dimension}.");
        using var scope = torch.NewDisposeScope();
        // A loss linear in θ has a constant gradient with no graph: its Hessian is zero.
        if (!gradient.requires_grad) return torch.zeros_like(gradient).MoveToOuterDisposeScope();
        var dot = torch.dot(gradient, v.detach());
        var hv = Derivatives.Gradient(dot, parameters, keepGraph: true);
        return ParameterVector.Flatten(hv).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        gradient.Dispose();
        loss.Dispose();
    }
}
