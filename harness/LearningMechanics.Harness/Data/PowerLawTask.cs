using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Data;

/// <summary>
/// Linear regression on Gaussian features with a power-law spectrum, the solvable model of neural scaling laws
/// (Bordelon, Atanasov &amp; Pehlevan 2024; Maloney, Roberts &amp; Sully 2022): x_k ~ N(0, λ_k) independently with
/// λ_k = k^−α (k = 1…D), and a noiseless target y = w*·x whose power per mode is λ_k·w*_k² = k^−β, i.e.
/// w*_k = k^−(β−α)/2. The population loss of a linear predictor w is ½·Σ_k λ_k (w_k − w*_k)² (the suite's ½-MSE).
/// α = 0 gives a flat spectrum.
/// </summary>
public sealed class PowerLawTask : IDisposable
{
    public PowerLawTask(int features, double alpha, double beta, ComputeDevice device, Precision precision)
    {
        if (features < 1) throw new ArgumentOutOfRangeException(nameof(features), features, "At least one feature is needed.");
        if (!(alpha >= 0) || !double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be finite and ≥ 0.");
        if (!double.IsFinite(beta)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be finite.");
        Features = features;
        Alpha = alpha;
        Beta = beta;
        Precision = precision;
        var type = precision.ToScalarType();
        var k = torch.arange(1, features + 1, dtype: torch.ScalarType.Float64);
        Spectrum = k.pow(-alpha).to(type).to(device.Device);
        Target = k.pow(-(beta - alpha) / 2).to(type).to(device.Device);
        k.Dispose();
    }

    public int Features { get; }

    public double Alpha { get; }

    public double Beta { get; }

    public Precision Precision { get; }

    /// <summary>λ_k = k^−α, k = 1…D.</summary>
    public torch.Tensor Spectrum { get; }

    /// <summary>w*_k = k^−(β−α)/2, so that λ_k·w*_k² = k^−β.</summary>
    public torch.Tensor Target { get; }

    /// <summary>m inputs x (m × D) with independent coordinates x_k ~ N(0, λ_k), drawn on the CPU from <paramref name="generator"/>.</summary>
    public torch.Tensor Inputs(int samples, torch.Generator generator)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "At least one sample is needed.");
        using var z = torch.randn(samples, Features, dtype: Precision.ToScalarType(), generator: generator);
        using var scale = Spectrum.sqrt();
        return z.to(Spectrum.device).mul_(scale);
    }

    /// <summary>Noiseless targets y = X w* (m × 1).</summary>
    public torch.Tensor Labels(torch.Tensor inputs) => torch.matmul(inputs, Target).unsqueeze(1);

    /// <summary>½·Σ_k λ_k (w_k − w*_k)²: the expected ½-squared error of the linear predictor w on a fresh input.</summary>
    public double PopulationLoss(torch.Tensor weights)
    {
        using var scope = torch.NewDisposeScope();
        var error = weights.reshape(-1) - Target;
        return 0.5 * (Spectrum * error * error).sum().to(torch.ScalarType.Float64).item<double>();
    }

    public void Dispose()
    {
        Spectrum.Dispose();
        Target.Dispose();
    }
}
