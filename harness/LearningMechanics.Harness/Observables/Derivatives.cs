using TorchSharp;

namespace LearningMechanics.Harness.Observables;

/// <summary>
/// Every autograd call in the suite goes through here, so the argument checks that keep libtorch from aborting the
/// process (a scalar output, leaves that require grad) and TorchSharp's flag rules live in one place.
/// </summary>
public static class Derivatives
{
    /// <summary>∂output/∂parameters with no graph kept (the training step's gradient).</summary>
    public static IList<torch.Tensor> Gradient(torch.Tensor output, IReadOnlyList<torch.Tensor> parameters, bool keepGraph = false)
    {
        Check(output, parameters);
        return ZerosForUnused(torch.autograd.grad([output], AsList(parameters), retain_graph: keepGraph, allow_unused: true), parameters);
    }

    /// <summary>∂output/∂parameters as a differentiable graph, for a second derivative. TorchSharp needs retain_graph with create_graph.</summary>
    public static IList<torch.Tensor> GradientWithGraph(torch.Tensor output, IReadOnlyList<torch.Tensor> parameters)
    {
        Check(output, parameters);
        return ZerosForUnused(torch.autograd.grad([output], AsList(parameters), retain_graph: true, create_graph: true, allow_unused: true), parameters);
    }

    /// <summary>
    /// A parameter the output does not use has no gradient; without allow_unused libtorch aborts the whole process
    /// ("appears to not have been used in the graph"), so such gradients are returned as zeros instead.
    /// </summary>
    private static IList<torch.Tensor> ZerosForUnused(IList<torch.Tensor> grads, IReadOnlyList<torch.Tensor> parameters)
    {
        for (int i = 0; i < grads.Count; i++)
            if (grads[i] is null || grads[i].IsInvalid) grads[i] = torch.zeros_like(parameters[i]);
        return grads;
    }

    private static void Check(torch.Tensor output, IReadOnlyList<torch.Tensor> parameters)
    {
        if (output.numel() != 1) throw new ArgumentException($"Autograd here differentiates scalars; the output has {output.numel()} entries.");
        if (!output.requires_grad) throw new ArgumentException("The output does not depend on any parameter that requires grad.");
        if (parameters.Count == 0 || parameters.Any(p => !p.requires_grad))
            throw new ArgumentException("Every parameter must be a tensor that requires grad.");
    }

    private static IList<torch.Tensor> AsList(IReadOnlyList<torch.Tensor> parameters) =>
        parameters as IList<torch.Tensor> ?? parameters.ToList();
}
