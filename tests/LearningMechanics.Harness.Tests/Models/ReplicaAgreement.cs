using TorchSharp;

namespace LearningMechanics.Harness.Tests.Models;

/// <summary>
/// How closely an ensemble reproduces K separate runs. The tolerances: float64 to 1e-10 relative (batched and
/// single matmuls may sum in another order, so a few ulps per step are allowed) and float32 to 1e-5 relative.
/// </summary>
internal static class ReplicaAgreement
{
    public const double Float64 = 1e-10;
    public const double Float32 = 1e-5;

    /// <summary>max |a − b| / max |b|: a relative difference that stays meaningful when single entries pass through zero.</summary>
    public static double RelativeDifference(torch.Tensor actual, torch.Tensor expected)
    {
        using var scope = torch.NewDisposeScope();
        var a = actual.detach().to(torch.ScalarType.Float64).cpu();
        var e = expected.detach().to(torch.ScalarType.Float64).cpu().reshape(a.shape);
        double scale = e.abs().max().item<double>();
        return (a - e).abs().max().item<double>() / (scale == 0 ? 1 : scale);
    }

    public static double RelativeDifference(IReadOnlyList<double> actual, IReadOnlyList<double> expected)
    {
        Assert.Equal(expected.Count, actual.Count);
        double scale = expected.Max(Math.Abs);
        return actual.Zip(expected).Max(p => Math.Abs(p.First - p.Second)) / (scale == 0 ? 1 : scale);
    }

    public static void Within(double difference, double tolerance, string what)
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: relative difference {difference:e2} (tolerance {tolerance:e0})");
        Assert.True(difference <= tolerance, $"{what}: relative difference {difference:e3} exceeds {tolerance:e0}.");
    }
}
