using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// A fully connected network widths[0] → … → widths[^1] with one activation between layers, in a chosen
/// parameterization. Initial values are drawn on the CPU from the given generator and then moved, so the same
/// seed gives the same network on every device.
/// </summary>
public sealed class Mlp : IModel
{
    private readonly List<torch.Tensor> weights = [];
    private readonly List<torch.Tensor?> biases = [];
    private readonly List<double> multipliers = [];
    private readonly List<torch.Tensor> parameters = [];
    private readonly List<double> lrScales = [];
    private readonly Activation activation;

    public Mlp(IReadOnlyList<int> widths, Activation activation, Parameterization parameterization, bool bias,
        torch.Generator generator, ComputeDevice device, Precision precision)
    {
        if (widths.Count < 2 || widths.Any(w => w < 1)) throw new ArgumentException("An MLP needs at least two positive widths.", nameof(widths));
        if (parameterization == Parameterization.MuP && widths.Count != 3)
            throw new ArgumentException("muP is implemented for one hidden layer only (where it equals the mean-field parameterization).", nameof(parameterization));
        if (parameterization != Parameterization.Standard && bias)
            throw new ArgumentException("NTK and muP networks here have no biases.", nameof(bias));
        this.activation = activation;
        Widths = widths.ToList();
        Parameterization = parameterization;
        var type = precision.ToScalarType();
        int layers = widths.Count - 1;
        double lrScale = parameterization == Parameterization.MuP ? widths[1] : 1.0;
        for (int l = 0; l < layers; l++)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            torch.Tensor w;
            torch.Tensor? b = null;
            if (parameterization == Parameterization.Standard)
            {
                double bound = 1.0 / Math.Sqrt(fanIn);
                w = torch.empty(fanOut, fanIn, dtype: type).uniform_(-bound, bound, generator);
                if (bias) b = torch.empty(fanOut, dtype: type).uniform_(-bound, bound, generator);
                multipliers.Add(1.0);
            }
            else
            {
                w = torch.randn(fanOut, fanIn, dtype: type, generator: generator);
                bool readout = l == layers - 1;
                multipliers.Add(parameterization == Parameterization.MuP && readout ? 1.0 / fanIn : 1.0 / Math.Sqrt(fanIn));
            }
            weights.Add(Leaf(w, device));
            biases.Add(b is null ? null : Leaf(b, device));
        }
        foreach (var (w, b) in weights.Zip(biases))
        {
            parameters.Add(w);
            lrScales.Add(lrScale);
            if (b is not null)
            {
                parameters.Add(b);
                lrScales.Add(lrScale);
            }
        }
    }

    public IReadOnlyList<int> Widths { get; }

    public Parameterization Parameterization { get; }

    public IReadOnlyList<torch.Tensor> Parameters => parameters;

    public IReadOnlyList<double> LearningRateScales => lrScales;

    /// <summary>Each layer's output multiplier (1 under SP; 1/√fan_in or 1/fan_in under NTK and muP), so an ensemble can copy them.</summary>
    public IReadOnlyList<double> LayerMultipliers => multipliers;

    public torch.Tensor Forward(torch.Tensor inputs)
    {
        if (inputs.dim() != 2 || inputs.shape[1] != Widths[0])
            throw new ArgumentException($"Expected inputs of shape (m, {Widths[0]}), got ({string.Join(", ", inputs.shape)}).");
        var h = inputs;
        for (int l = 0; l < weights.Count; l++)
        {
            var z = torch.nn.functional.linear(h, weights[l], biases[l]);
            if (multipliers[l] != 1.0) z = z * multipliers[l];
            h = l < weights.Count - 1 ? activation.Apply(z) : z;
        }
        return h;
    }

    public void Dispose()
    {
        foreach (var p in parameters) p.Dispose();
    }

    private static torch.Tensor Leaf(torch.Tensor cpu, ComputeDevice device)
    {
        var onDevice = cpu.to(device.Device, disposeAfter: true).detach();
        return onDevice.requires_grad_(true);
    }
}
