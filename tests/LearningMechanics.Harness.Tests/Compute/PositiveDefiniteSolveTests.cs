using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Compute;

public sealed class PositiveDefiniteSolveTests
{
    /// <summary>
    /// Order 170 in a batch of 16, on the suite's thread count (2 here): the size at which batched LU failed. Each
    /// solution must satisfy its own system to float64 precision, so a wrong answer cannot pass.
    /// </summary>
    [Fact]
    public void BatchedSystemsAboveTheLuFailureSizeAreSolvedExactly()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(7, torch.CPU);
        var x = torch.randn(16, 170, 200, dtype: torch.float64, generator: generator);
        var a = torch.bmm(x, x.transpose(1, 2));
        var b = torch.randn(16, 170, 3, dtype: torch.float64, generator: generator);
        var solution = PositiveDefiniteSolve.Solve(a, b);
        double residual = ((torch.bmm(a, solution) - b).norm() / b.norm()).item<double>();
        Assert.True(residual < 1e-10, $"relative residual {residual:g3}");
    }

    [Fact]
    public void ANonPositiveDefiniteMatrixIsAnErrorNotAnAnswer()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new double[] { 1, 2, 2, 1 }).reshape(2, 2);
        Assert.ThrowsAny<Exception>(() => PositiveDefiniteSolve.Solve(a, torch.ones(2, 1, dtype: torch.float64)));
    }

    [Fact]
    public void MismatchedShapesAreRejected()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<ArgumentException>(() => PositiveDefiniteSolve.Solve(torch.eye(3, dtype: torch.float64), torch.ones(2, 1, dtype: torch.float64)));
        Assert.Throws<ArgumentException>(() => PositiveDefiniteSolve.Solve(torch.ones(2, 3, dtype: torch.float64), torch.ones(2, 1, dtype: torch.float64)));
    }
}
