using TorchSharp;

namespace LearningMechanics.Harness.Compute;

/// <summary>
/// Solves A X = B for symmetric positive-definite A, batched over leading dimensions, by a Cholesky factorisation.
/// Why not torch.linalg.solve: libtorch's batched LU on the CPU, with more than one intra-op thread, calls MKL's dgetrf
/// from several threads at once; for matrices of order ≳ 150 that fails ("Parameter 6 was incorrect on entry to
/// DLASWP"), hangs, or returns wrong solutions without an error (pytorch/pytorch#142815 and #141358; the grain-size fix
/// is PR #181570). Measured here with libtorch 2.10 and 2 threads: a batch of 40 systems of order 150 hung, and the
/// ridgeless full tier (order 170–800) gave risks of 1e37. Batched Cholesky does not go through that path.
/// </summary>
public static class PositiveDefiniteSolve
{
    public static torch.Tensor Solve(torch.Tensor a, torch.Tensor b)
    {
        if (a.dim() < 2 || a.shape[^1] != a.shape[^2])
            throw new ArgumentException($"Expected square matrices in the last two dimensions, got shape [{string.Join(", ", a.shape)}].");
        if (b.dim() != a.dim() || b.shape[^2] != a.shape[^1])
            throw new ArgumentException($"The right-hand side [{string.Join(", ", b.shape)}] does not match A [{string.Join(", ", a.shape)}].");
        using var factor = torch.linalg.cholesky(a);
        return torch.cholesky_solve(b, factor);
    }
}
