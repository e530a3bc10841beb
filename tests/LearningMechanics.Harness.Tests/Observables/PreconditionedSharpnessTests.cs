using LearningMechanics.Harness.Observables;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Observables;

public sealed class PreconditionedSharpnessTests
{
    private const torch.ScalarType Float64 = torch.ScalarType.Float64;

    [Fact]
    public void MatchesTopEigenvalueOfExplicitPreconditionedHessian()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(41, torch.CPU);
        // A symmetric positive definite H (4×4) and P = diag(p): the answer is the top eigenvalue of P⁻¹H, computed
        // densely from the (non-symmetric) matrix P⁻¹H itself.
        var a = torch.randn(4, 4, dtype: Float64, generator: generator);
        var h = torch.matmul(a, a.t()) + torch.eye(4, dtype: Float64);
        var p = torch.tensor(new double[] { 0.1, 1.0, 3.0, 0.5 }, Float64);
        var dense = torch.linalg.eigvals(torch.diag(1.0 / p).matmul(h));
        double expected = dense.real.max().item<double>();
        double unpreconditioned = torch.linalg.eigvalsh(h).max().item<double>();
        var theta = torch.randn(4, dtype: Float64, generator: generator).requires_grad_(true);

        var result = new PreconditionedSharpness(maxIterations: 1000, relativeTolerance: 1e-13)
            .Of(() => 0.5 * torch.dot(theta, torch.matmul(h, theta)), [theta], p, null, generator);
        using var vector = result.Vector;

        Assert.True(Math.Abs(result.Value - expected) <= 1e-8 * expected, $"λ_max(P⁻¹H) = {result.Value}, expected {expected}.");
        Assert.True(Math.Abs(expected - unpreconditioned) > 0.1 * expected, "the preconditioner should change the answer in this test");
    }

    [Fact]
    public void IdentityPreconditionerGivesTheSharpness()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(42, torch.CPU);
        var h = torch.diag(torch.tensor(new double[] { 5, 2, 1, -1 }, Float64));
        var theta = torch.randn(4, dtype: Float64, generator: generator).requires_grad_(true);

        var result = new PreconditionedSharpness(maxIterations: 1000, relativeTolerance: 1e-13)
            .Of(() => 0.5 * torch.dot(theta, torch.matmul(h, theta)), [theta], torch.ones(4, dtype: Float64), null, generator);
        result.Vector.Dispose();

        Assert.Equal(5, result.Value, 1e-8);
    }

    [Fact]
    public void RejectsNonPositiveOrMisshapenPreconditioner()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(43, torch.CPU);
        var theta = torch.randn(3, dtype: Float64, generator: generator).requires_grad_(true);
        var sharpness = new PreconditionedSharpness();

        Assert.Throws<ArgumentException>(() => sharpness.Of(() => theta.pow(2).sum(), [theta], torch.tensor(new double[] { 1, 0, 1 }, Float64), null, generator));
        Assert.Throws<ArgumentException>(() => sharpness.Of(() => theta.pow(2).sum(), [theta], torch.ones(2, dtype: Float64), null, generator));
    }
}
