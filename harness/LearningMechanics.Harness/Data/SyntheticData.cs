using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Data;

/// <summary>
/// Synthetic data sets, deterministic from a generator. Samples are drawn on the CPU and then moved, so a seed
/// gives the same data on every device.
/// </summary>
public static class SyntheticData
{
    /// <summary>x ~ N(0, I_d) with targets y ~ N(0, I_k) independent of x: a problem the net must keep fitting by memorising.</summary>
    public static Dataset GaussianWithRandomTargets(int samples, int inputs, int outputs, torch.Generator generator, ComputeDevice device, Precision precision)
    {
        Check(samples, inputs, outputs);
        var type = precision.ToScalarType();
        var x = torch.randn(samples, inputs, dtype: type, generator: generator);
        var y = torch.randn(samples, outputs, dtype: type, generator: generator);
        return new Dataset(x.to(device.Device, disposeAfter: true), y.to(device.Device, disposeAfter: true));
    }

    /// <summary>x ~ N(0, I_d/d) (so ‖x‖ ≈ 1), y = sin(√d·w·x) with w ~ N(0, I_d/d): a smooth single-index target.</summary>
    public static Dataset GaussianWithSmoothTarget(int samples, int inputs, torch.Generator generator, ComputeDevice device, Precision precision)
    {
        Check(samples, inputs, 1);
        var type = precision.ToScalarType();
        var x = torch.randn(samples, inputs, dtype: type, generator: generator).div_(Math.Sqrt(inputs));
        using var w = torch.randn(inputs, 1, dtype: type, generator: generator).div_(Math.Sqrt(inputs));
        using var projection = torch.matmul(x, w).mul_(Math.Sqrt(inputs));
        var y = torch.sin(projection);
        return new Dataset(x.to(device.Device, disposeAfter: true), y.to(device.Device, disposeAfter: true));
    }

    private static void Check(int samples, int inputs, int outputs)
    {
        if (samples < 1 || inputs < 1 || outputs < 1)
            throw new ArgumentException($"Sizes must be positive: samples={samples}, inputs={inputs}, outputs={outputs}.");
    }
}
