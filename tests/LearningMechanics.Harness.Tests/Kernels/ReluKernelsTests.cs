using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Kernels;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Kernels;

public sealed class ReluKernelsTests
{
    [Fact]
    public void ArcCosineStepKeepsTheDiagonalAndKnownAngles()
    {
        Assert.Equal(2.5, ReluKernels.ArcCosineStep(2.5, 2.5, 2.5), 12);
        // Orthogonal inputs: θ = π/2 gives K' = √(KK')/π.
        Assert.Equal(Math.Sqrt(2.0 * 8.0) / Math.PI, ReluKernels.ArcCosineStep(2, 8, 0), 12);
        // Antipodal inputs: θ = π gives 0.
        Assert.Equal(0.0, ReluKernels.ArcCosineStep(1, 1, -1), 12);
    }

    [Fact]
    public void TwoLayerNtkMatchesAWideNetworksEmpiricalKernel()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(5, torch.CPU);
        var x = torch.tensor(new double[,] { { 1, 0, 0 }, { 0.6, 0.8, 0 }, { -0.5, 0, 0.8660254037844386 } }, dtype: torch.ScalarType.Float64) * Math.Sqrt(3);
        using var net = new Mlp([3, 40_000, 1], Activation.Relu, Parameterization.Ntk, bias: false, generator, ComputeDevice.Cpu, Precision.Float64);
        var empirical = EmpiricalNtk.Gram(net.Forward, net.Parameters, x);
        var t = torch.matmul(x, x.t()) / 3.0;
        var analytic = ReluKernels.TwoLayerNtk(t);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(ReluKernels.TwoLayerNtk(t[i, j].item<double>()), analytic[i, j].item<double>(), 12);
                // Width 4e4: the empirical kernel fluctuates by O(1/√width) ≈ 0.005.
                Assert.InRange(empirical[i, j], analytic[i, j].item<double>() - 0.03, analytic[i, j].item<double>() + 0.03);
            }
    }
}
