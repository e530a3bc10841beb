using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Models;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Models;

public sealed class DiagonalLinearNetTests
{
    [Fact]
    public void StartsAtZeroAndComputesUSquaredMinusVSquared()
    {
        using var scope = torch.NewDisposeScope();
        using var net = new DiagonalLinearNet(4, 0.3, ComputeDevice.Cpu, Precision.Float64);
        Assert.Equal(0, net.Predictor().abs().max().item<double>());
        using (torch.no_grad()) net.Parameters[0].copy_(torch.tensor(new double[,] { { 1, 2, 0, 1 } }, dtype: torch.ScalarType.Float64));
        var x = torch.tensor(new double[,] { { 1, 1, 1, 1 }, { 0, 1, 0, 0 } }, dtype: torch.ScalarType.Float64);
        var f = net.Forward(x).data<double>().ToArray();
        double v2 = 0.09;
        Assert.Equal(1 + 4 + 0 + 1 - 4 * v2, f[0], 1e-12);
        Assert.Equal(4 - v2, f[1], 1e-12);
    }

    [Fact]
    public void ReplicasAreIndependentColumns()
    {
        using var scope = torch.NewDisposeScope();
        using var net = new DiagonalLinearNet(3, 0.5, ComputeDevice.Cpu, Precision.Float64, replicas: 2);
        using (torch.no_grad()) net.Parameters[0].copy_(torch.tensor(new double[,] { { 1, 0, 0 }, { 0, 0, 2 } }, dtype: torch.ScalarType.Float64));
        var x = torch.ones(5, 2, 3, dtype: torch.ScalarType.Float64);
        var f = net.Forward(x);
        Assert.Equal([5L, 2L], f.shape);
        Assert.Equal(1 - 3 * 0.25, f[0, 0].item<double>(), 1e-12);
        Assert.Equal(4 - 3 * 0.25, f[0, 1].item<double>(), 1e-12);
        Assert.Throws<ArgumentException>(() => net.Forward(torch.ones(5, 3, dtype: torch.ScalarType.Float64)));
    }
}
