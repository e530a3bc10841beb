using TorchSharp;

namespace LearningMechanics.Harness.Observables;

/// <summary>
/// The preconditioned sharpness λ_max(P⁻¹H) for a diagonal preconditioner P (Cohen et al. 2022, "Adaptive gradient
/// methods at the edge of stability", §2: for Adam, P = diag(√v̂ + ε)). P⁻¹H is similar to the symmetric
/// P^{-1/2} H P^{-1/2}, so both have the same eigenvalues; power iteration runs on the symmetric form, one
/// Hessian-vector product per iteration, warm-started like <see cref="Sharpness"/>.
/// </summary>
public sealed class PreconditionedSharpness(int maxIterations = 100, double relativeTolerance = 1e-4)
{
    /// <summary>
    /// λ_max(P⁻¹H) for P = diag(<paramref name="preconditioner"/>) (entries positive). The returned vector is the top
    /// eigenvector of P^{-1/2} H P^{-1/2} (unit norm; the caller disposes it).
    /// </summary>
    public Sharpness.Result TopEigenvalue(HessianVectorProduct hvp, torch.Tensor preconditioner, torch.Tensor? warmStart, torch.Generator generator)
    {
        if (preconditioner.numel() != hvp.Dimension)
            throw new ArgumentException($"The preconditioner has {preconditioner.numel()} entries; the Hessian is {hvp.Dimension}×{hvp.Dimension}.", nameof(preconditioner));
        using var scope = torch.NewDisposeScope();
        var p = preconditioner.detach().reshape(-1).to(hvp.DType).to(hvp.Device);
        if (!(p.min().to(torch.ScalarType.Float64).item<double>() > 0))
            throw new ArgumentException("A diagonal preconditioner needs positive entries.", nameof(preconditioner));
        var d = p.rsqrt();
        var v = warmStart is not null && warmStart.numel() == hvp.Dimension
            ? warmStart.to(hvp.DType).to(hvp.Device)
            : torch.randn(hvp.Dimension, dtype: hvp.DType, generator: generator).to(hvp.Device);
        v = v / v.norm();
        double previous = double.NaN, value = double.NaN;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            iteration++;
            var hv = d * hvp.Apply(d * v);
            value = torch.dot(v, hv).to(torch.ScalarType.Float64).item<double>();
            double norm = hv.norm().to(torch.ScalarType.Float64).item<double>();
            if (!double.IsFinite(value) || norm == 0) break;
            v = hv / norm;
            if (Math.Abs(value - previous) <= relativeTolerance * Math.Abs(value)) break;
            previous = value;
        }
        return new Sharpness.Result(value, v.detach().DetachFromDisposeScope(), iteration);
    }

    /// <summary>λ_max(P⁻¹H) of the Hessian of <paramref name="loss"/> at the current parameters.</summary>
    public Sharpness.Result Of(Func<torch.Tensor> loss, IReadOnlyList<torch.Tensor> parameters, torch.Tensor preconditioner, torch.Tensor? warmStart, torch.Generator generator)
    {
        using var hvp = new HessianVectorProduct(loss(), parameters);
        return TopEigenvalue(hvp, preconditioner, warmStart, generator);
    }
}
