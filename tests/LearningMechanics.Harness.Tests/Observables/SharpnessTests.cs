using LearningMechanics.Harness.Observables;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Observables;

public sealed class SharpnessTests
{
    private const torch.ScalarType Float64 = torch.ScalarType.Float64;

    // Known spectrum; the gap 3/10 makes power iteration converge in a dozen steps from a random start.
    private static readonly double[] Spectrum = [10, 3, 1, 0.5, 0.2, -0.1, -1, -2];

    [Fact]
    public void PowerIterationFindsTopEigenvalueOfKnownQuadratic()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(21, torch.CPU);
        var (matrix, eigenvectors) = KnownQuadratic(generator);
        var theta = torch.randn(Spectrum.Length, dtype: Float64, generator: generator).requires_grad_(true);

        var result = new Sharpness(maxIterations: 500, relativeTolerance: 1e-12).Of(() => Loss(matrix, theta), [theta], null, generator);
        using var vector = result.Vector;

        Assert.True(Math.Abs(result.Value - 10) <= 1e-6 * 10, $"λ_max = {result.Value}, expected 10.");
        double alignment = Math.Abs(torch.dot(vector, eigenvectors[.., 0]).item<double>());
        Assert.True(alignment >= 1 - 1e-6, $"|v·q₁| = {alignment}; the vector is not the top eigenvector.");
    }

    [Fact]
    public void WarmStartFromReturnedVectorConvergesFaster()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(22, torch.CPU);
        var (matrix, _) = KnownQuadratic(generator);
        var theta = torch.randn(Spectrum.Length, dtype: Float64, generator: generator).requires_grad_(true);
        var sharpness = new Sharpness(maxIterations: 500, relativeTolerance: 1e-12);

        var cold = sharpness.Of(() => Loss(matrix, theta), [theta], null, generator);
        var warm = sharpness.Of(() => Loss(matrix, theta), [theta], cold.Vector, generator);
        using var coldVector = cold.Vector;
        using var warmVector = warm.Vector;

        Assert.Equal(10, warm.Value, 1e-6);
        // From a converged vector the estimate settles on the second product; a cold start needs many more.
        Assert.True(warm.Iterations <= 3, $"Warm start took {warm.Iterations} iterations.");
        Assert.True(warm.Iterations < cold.Iterations, $"Warm {warm.Iterations} vs cold {cold.Iterations} iterations.");
        Assert.Equal(1.0, coldVector.norm().item<double>(), 1e-12);
    }

    [Fact]
    public void ReturnedVectorOutlivesTheCallersDisposeScope()
    {
        var generator = new torch.Generator(23, torch.CPU);
        Sharpness.Result result;
        using (torch.NewDisposeScope())
        {
            var (matrix, _) = KnownQuadratic(generator);
            var theta = torch.randn(Spectrum.Length, dtype: Float64, generator: generator).requires_grad_(true);
            result = new Sharpness().Of(() => Loss(matrix, theta), [theta], null, generator);
        }
        using var vector = result.Vector;

        Assert.Equal(1.0, vector.norm().item<double>(), 1e-12);
    }

    [Fact]
    public void StopsAtIterationLimit()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(24, torch.CPU);
        var (matrix, _) = KnownQuadratic(generator);
        var theta = torch.randn(Spectrum.Length, dtype: Float64, generator: generator).requires_grad_(true);

        var result = new Sharpness(maxIterations: 3, relativeTolerance: 0).Of(() => Loss(matrix, theta), [theta], null, generator);
        result.Vector.Dispose();

        Assert.Equal(3, result.Iterations);
    }

    private static torch.Tensor Loss(torch.Tensor matrix, torch.Tensor theta) => 0.5 * torch.dot(theta, torch.matmul(matrix, theta));

    /// <summary>A = Q diag(λ) Qᵀ with a random orthogonal Q; returns A and Q (columns are the eigenvectors).</summary>
    private static (torch.Tensor Matrix, torch.Tensor Eigenvectors) KnownQuadratic(torch.Generator generator)
    {
        int n = Spectrum.Length;
        var (q, _) = torch.linalg.qr(torch.randn(n, n, dtype: Float64, generator: generator));
        var matrix = torch.matmul(q * torch.tensor(Spectrum, dtype: Float64), q.t());
        return ((matrix + matrix.t()) / 2, q);
    }
}
