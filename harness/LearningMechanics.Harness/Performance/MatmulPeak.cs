using TorchSharp;

namespace LearningMechanics.Harness.Performance;

/// <summary>
/// A large float32 matrix product n×n by n×n (2n³ FLOPs): the practical ceiling of this machine's BLAS at the current
/// thread count, against which a training step's FLOP rate is judged.
/// </summary>
public sealed class MatmulPeak : IDisposable
{
    private readonly torch.Tensor a;
    private readonly torch.Tensor b;

    public MatmulPeak(int n, torch.Generator generator)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "The matrix size must be positive.");
        Size = n;
        a = torch.randn(n, n, dtype: torch.ScalarType.Float32, generator: generator);
        b = torch.randn(n, n, dtype: torch.ScalarType.Float32, generator: generator);
    }

    public int Size { get; }

    public double Flops => 2.0 * Size * Size * (double)Size;

    public void Multiply()
    {
        using var product = torch.mm(a, b);
    }

    public void Dispose()
    {
        a.Dispose();
        b.Dispose();
    }
}
