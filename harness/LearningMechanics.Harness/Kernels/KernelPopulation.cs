using TorchSharp;

namespace LearningMechanics.Harness.Kernels;

/// <summary>
/// A kernel on a finite population of M points, taken as the data distribution (uniform over the points), so its
/// eigensystem is exact: the operator (Tf)(x) = (1/M) Σ_a K(x, x_a) f(x_a) has eigenvalues λ_i = eig(K/M) and
/// eigenfunctions φ_i(x_a) = √M·u_ai, normalised to mean square 1. Eigenvalues are sorted in decreasing order; the
/// tiny negative values round-off leaves in a positive semi-definite kernel are clamped to 0. Float64, on the host.
/// </summary>
public sealed class KernelPopulation : IDisposable
{
    public KernelPopulation(torch.Tensor kernel)
    {
        if (kernel.dim() != 2 || kernel.shape[0] != kernel.shape[1]) throw new ArgumentException("The kernel matrix must be square.", nameof(kernel));
        using var scope = torch.NewDisposeScope();
        Kernel = kernel.to(torch.ScalarType.Float64).cpu().detach().clone().MoveToOuterDisposeScope();
        Size = (int)kernel.shape[0];
        var symmetric = (Kernel + Kernel.t()) / 2.0;
        var (values, vectors) = torch.linalg.eigh(symmetric / (double)Size);
        var order = torch.argsort(values, descending: true);
        Eigenvalues = values.index_select(0, order).clamp_min(0.0).data<double>().ToArray();
        Eigenfunctions = (vectors.index_select(1, order) * Math.Sqrt(Size)).MoveToOuterDisposeScope();
    }

    /// <summary>M, the number of population points.</summary>
    public int Size { get; }

    /// <summary>K(x_a, x_b) on the population (M × M, float64).</summary>
    public torch.Tensor Kernel { get; }

    /// <summary>λ_i, decreasing.</summary>
    public IReadOnlyList<double> Eigenvalues { get; }

    /// <summary>Column i holds φ_i at the M points (mean square 1).</summary>
    public torch.Tensor Eigenfunctions { get; }

    /// <summary>v_i = (1/M) Σ_a φ_i(x_a) f(x_a) for a function given by its M values; Σ v_i² = mean f².</summary>
    public double[] Coefficients(torch.Tensor values)
    {
        CheckValues(values);
        using var scope = torch.NewDisposeScope();
        return (torch.matmul(Eigenfunctions.t(), values.to(torch.ScalarType.Float64).cpu().reshape(-1)) / (double)Size).data<double>().ToArray();
    }

    /// <summary>
    /// The ridge(less) kernel regression predictor trained on the points <paramref name="train"/> with labels
    /// <paramref name="labels"/>: f̂(x) = K(x, X)(K_XX + nδ I)⁻¹ y, evaluated at all M points. δ = 0 interpolates.
    /// </summary>
    public torch.Tensor Regress(torch.Tensor train, torch.Tensor labels, double ridge = 0)
    {
        using var scope = torch.NewDisposeScope();
        var columns = Kernel.index_select(1, train);
        var gram = columns.index_select(0, train);
        if (ridge > 0) gram = gram + torch.eye(gram.shape[0], dtype: torch.ScalarType.Float64) * (ridge * gram.shape[0]);
        var alpha = torch.linalg.solve(gram, labels.to(torch.ScalarType.Float64).cpu().reshape(-1, 1));
        return torch.matmul(columns, alpha).reshape(-1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The per-dataset learnability of every eigenmode, L_i(X) = ⟨φ_i, f̂[φ_i]⟩ where f̂[φ_i] is the interpolant of
    /// the noiseless target φ_i on the points <paramref name="train"/>. Simon et al. (2023, Thm 3.2): Σ_i L_i(X) = n
    /// exactly for any ridgeless training set.
    /// </summary>
    public double[] Learnabilities(torch.Tensor train)
    {
        using var scope = torch.NewDisposeScope();
        var columns = Kernel.index_select(1, train);
        var gram = columns.index_select(0, train);
        var fitted = torch.matmul(columns, torch.linalg.solve(gram, Eigenfunctions.index_select(0, train)));
        return ((fitted * Eigenfunctions).sum(dim: 0) / (double)Size).data<double>().ToArray();
    }

    public void Dispose()
    {
        Kernel.Dispose();
        Eigenfunctions.Dispose();
    }

    private void CheckValues(torch.Tensor values)
    {
        if (values.numel() != Size) throw new ArgumentException($"Expected {Size} values, got {values.numel()}.", nameof(values));
    }
}
