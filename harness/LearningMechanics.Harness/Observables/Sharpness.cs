using TorchSharp;

namespace LearningMechanics.Harness.Observables;

/// <summary>
/// The sharpness λ_max of the loss Hessian by power iteration on Hessian-vector products (as in Cohen et al. 2021's
/// code, which uses Lanczos). Power iteration finds the eigenvalue of largest magnitude; near the edge of stability
/// that is the top positive one. A warm start from the previous probe's eigenvector cuts iterations severalfold.
/// </summary>
public sealed class Sharpness(int maxIterations = 100, double relativeTolerance = 1e-4)
{
    /// <summary>The estimate and the vector it converged to (to warm-start the next call; the caller disposes it).</summary>
    public sealed record Result(double Value, torch.Tensor Vector, int Iterations);

    public Result TopEigenvalue(HessianVectorProduct hvp, torch.Tensor? warmStart, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var v = warmStart is not null && warmStart.numel() == hvp.Dimension
            ? warmStart.to(hvp.DType).to(hvp.Device)
            : torch.randn(hvp.Dimension, dtype: hvp.DType, generator: generator).to(hvp.Device);
        v = v / v.norm();
        double previous = double.NaN, value = double.NaN;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            iteration++;
            var hv = hvp.Apply(v);
            value = torch.dot(v, hv).to(torch.ScalarType.Float64).item<double>();
            double norm = hv.norm().to(torch.ScalarType.Float64).item<double>();
            if (!double.IsFinite(value) || norm == 0) break;
            v = hv / norm;
            if (Math.Abs(value - previous) <= relativeTolerance * Math.Abs(value)) break;
            previous = value;
        }
        // The caller owns the vector (it outlives any dispose scope around this call, to warm-start the next one).
        return new Result(value, v.detach().DetachFromDisposeScope(), iteration);
    }

    /// <summary>λ_max of the Hessian of <paramref name="loss"/> at the current parameters.</summary>
    public Result Of(Func<torch.Tensor> loss, IReadOnlyList<torch.Tensor> parameters, torch.Tensor? warmStart, torch.Generator generator)
    {
        using var hvp = new HessianVectorProduct(loss(), parameters);
        return TopEigenvalue(hvp, warmStart, generator);
    }
}
