using TorchSharp;

namespace LearningMechanics.Harness.Compute;

/// <summary>Identity-level claims run in float64; the others in float32 (design.md, Devices).</summary>
public enum Precision { Float32, Float64 }

public static class PrecisionExtensions
{
    public static torch.ScalarType ToScalarType(this Precision precision) =>
        precision == Precision.Float64 ? torch.ScalarType.Float64 : torch.ScalarType.Float32;

    public static string Name(this Precision precision) => precision == Precision.Float64 ? "float64" : "float32";
}
