using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// A bias-free MLP d → n → … → n → 1 with L hidden layers in an <see cref="AbcParameterization"/>: h¹ = n^−a₁·w¹x/√d,
/// h^l = n^−a_l·w^l φ(h^{l−1}), f = n^−a_{L+1}·w^{L+1} φ(h^L), with w^l ~ N(0, n^−2b_l) drawn on the CPU from the given
/// generator, and learning-rate scale n^−c on every parameter. The fixed 1/√d keeps h¹ = O(1) for any input
/// dimension; d does not grow with n, so it does not change any width exponent. <see cref="PreActivations"/> exposes
/// h¹ … h^L for coordinate checks (Yang et al. 2022, TP5 §D.1).
/// </summary>
public sealed class AbcMlp : IModel
{
    private readonly List<torch.Tensor> weights = [];
    private readonly List<double> multipliers = [];
    private readonly List<double> lrScales = [];
    private readonly Activation activation;

    public AbcMlp(int inputs, int width, AbcParameterization parameterization, Activation activation,
        torch.Generator generator, ComputeDevice device, Precision precision)
    {
        if (inputs < 1 || width < 1) throw new ArgumentException($"Sizes must be positive: inputs={inputs}, width={width}.");
        if (parameterization.A.Count != parameterization.B.Count || parameterization.Layers < 2)
            throw new ArgumentException("An abc-parameterization needs matching a and b lists over at least two layers.", nameof(parameterization));
        this.activation = activation;
        Parameterization = parameterization;
        Inputs = inputs;
        Width = width;
        var type = precision.ToScalarType();
        int layers = parameterization.Layers;
        for (int l = 0; l < layers; l++)
        {
            int fanIn = l == 0 ? inputs : width, fanOut = l == layers - 1 ? 1 : width;
            double std = Math.Pow(width, -parameterization.B[l]);
            var w = torch.randn(fanOut, fanIn, dtype: type, generator: generator).mul_(std);
            weights.Add(w.to(device.Device, disposeAfter: true).detach().requires_grad_(true));
            multipliers.Add(Math.Pow(width, -parameterization.A[l]) / (l == 0 ? Math.Sqrt(inputs) : 1.0));
            lrScales.Add(Math.Pow(width, -parameterization.C));
        }
    }

    public AbcParameterization Parameterization { get; }

    public int Inputs { get; }

    public int Width { get; }

    public int HiddenLayers => weights.Count - 1;

    public IReadOnlyList<torch.Tensor> Parameters => weights;

    public IReadOnlyList<double> LearningRateScales => lrScales;

    public torch.Tensor Forward(torch.Tensor inputs) => Run(inputs, null);

    /// <summary>The pre-activations h¹ … h^L (m × n each) on <paramref name="inputs"/>, detached from the graph.</summary>
    public IReadOnlyList<torch.Tensor> PreActivations(torch.Tensor inputs)
    {
        var features = new List<torch.Tensor>();
        using (torch.no_grad()) Run(inputs, features).Dispose();
        return features;
    }

    public void Dispose()
    {
        foreach (var w in weights) w.Dispose();
    }

    private torch.Tensor Run(torch.Tensor inputs, List<torch.Tensor>? features)
    {
        if (inputs.dim() != 2 || inputs.shape[1] != Inputs)
            throw new ArgumentException($"Expected inputs of shape (m, {Inputs}), got ({string.Join(", ", inputs.shape)}).");
        var x = inputs;
        for (int l = 0; l < weights.Count; l++)
        {
            var h = torch.nn.functional.linear(x, weights[l]) * multipliers[l];
            if (l == weights.Count - 1) return h;
            features?.Add(h.detach().clone().DetachFromDisposeScope());
            x = activation.Apply(h);
        }
        throw new InvalidOperationException("unreachable: the last layer returns");
    }
}
