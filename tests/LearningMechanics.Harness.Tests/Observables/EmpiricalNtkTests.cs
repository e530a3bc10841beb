using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Observables;

public sealed class EmpiricalNtkTests
{
    private const torch.ScalarType Float64 = torch.ScalarType.Float64;

    [Fact]
    public void OneLayerLinearNetKernelIsInputGram()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(31, torch.CPU);
        using var net = new DeepLinearNet([4, 1], 1.0, generator, ComputeDevice.Cpu, Precision.Float64);
        var x = torch.randn(6, 4, dtype: Float64, generator: generator);

        var gram = EmpiricalNtk.Gram(net.Forward, net.Parameters, x);

        // f(x) = w·x, so ∂f/∂w = x and Θ = X Xᵀ.
        AssertMatrixClose(torch.matmul(x, x.t()), gram, 1e-12);
    }

    [Fact]
    public void TwoLayerLinearNetKernelMatchesAnalyticValue()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(32, torch.CPU);
        using var net = new DeepLinearNet([4, 5, 1], 0.7, generator, ComputeDevice.Cpu, Precision.Float64);
        var x = torch.randn(6, 4, dtype: Float64, generator: generator);
        var w1 = net.Parameters[0].detach();
        var w2 = net.Parameters[1].detach();

        var gram = EmpiricalNtk.Gram(net.Forward, net.Parameters, x);

        // f = w₂W₁x: ∂f/∂W₁ = w₂ᵀxᵀ and ∂f/∂w₂ = (W₁x)ᵀ, so Θ(x, x') = ‖w₂‖² x·x' + (W₁x)·(W₁x').
        var hidden = torch.matmul(x, w1.t());
        var expected = w2.pow(2).sum() * torch.matmul(x, x.t()) + torch.matmul(hidden, hidden.t());
        AssertMatrixClose(expected, gram, 1e-12);
    }

    [Fact]
    public void NtkParameterizationMultiplierEntersKernel()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(33, torch.CPU);
        using var mlp = new Mlp([4, 1], Activation.Identity, Parameterization.Ntk, bias: false, generator, ComputeDevice.Cpu, Precision.Float64);
        var x = torch.randn(5, 4, dtype: Float64, generator: generator);

        var gram = EmpiricalNtk.Gram(mlp.Forward, mlp.Parameters, x);

        // f = w·x/√d, so Θ = X Xᵀ / d.
        AssertMatrixClose(torch.matmul(x, x.t()) / 4.0, gram, 1e-12);
    }

    [Fact]
    public void RejectsVectorOutputs()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(34, torch.CPU);
        using var net = new DeepLinearNet([3, 2], 1.0, generator, ComputeDevice.Cpu, Precision.Float64);
        var x = torch.randn(4, 3, dtype: Float64, generator: generator);

        Assert.Throws<ArgumentException>(() => EmpiricalNtk.Gram(net.Forward, net.Parameters, x));
    }

    [Fact]
    public void RelativeChangeIsZeroForSameKernelAndOneForDoubledKernel()
    {
        double[,] initial = { { 2, -1 }, { -1, 3 } };
        double[,] doubled = { { 4, -2 }, { -2, 6 } };

        Assert.Equal(0.0, EmpiricalNtk.RelativeChange(initial, initial));
        Assert.Equal(1.0, EmpiricalNtk.RelativeChange(doubled, initial), 1e-15);
        // Relative to the initial kernel, not the current one: (B − 2B)/2B would be 0.5.
        Assert.Equal(0.5, EmpiricalNtk.RelativeChange(initial, doubled), 1e-15);
    }

    [Fact]
    public void RelativeChangeRejectsKernelsOfDifferentSize()
    {
        Assert.Throws<ArgumentException>(() => EmpiricalNtk.RelativeChange(new double[2, 2], new double[3, 3]));
    }

    private static void AssertMatrixClose(torch.Tensor expected, double[,] actual, double relativeTolerance)
    {
        var e = expected.cpu().data<double>().ToArray();
        int m = actual.GetLength(0);
        Assert.Equal(e.Length, actual.Length);
        double scale = e.Max(Math.Abs);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                Assert.True(Math.Abs(e[i * m + j] - actual[i, j]) <= relativeTolerance * scale,
                    $"Θ[{i},{j}] = {actual[i, j]}, expected {e[i * m + j]}.");
    }

    [Fact]
    public void RelativeChangeFromZeroKernelIsAnError()
    {
        var ex = Assert.Throws<ArgumentException>(() => EmpiricalNtk.RelativeChange(new double[,] { { 1 } }, new double[,] { { 0 } }));
        Assert.Contains("zero", ex.Message);
    }
}
