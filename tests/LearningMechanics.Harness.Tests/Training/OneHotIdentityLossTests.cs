using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Training;

public sealed class OneHotIdentityLossTests
{
    [Fact]
    public void EqualsTheSquaredLossOfTheExplicitDataSetAndHasItsGradient()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(71, torch.CPU);
        const int k = 12, width = 5;
        using var net = new DeepLinearNet([k, width, k], 0.7, generator, ComputeDevice.Cpu, Precision.Float64);
        // A data set of 9 rows: input 2 three times, input 7 once, input 11 five times (targets = inputs).
        int[] present = [2, 7, 11], counts = [3, 1, 5];
        int rows = counts.Sum();
        var x = torch.zeros(rows, k, dtype: torch.ScalarType.Float64);
        int row = 0;
        for (int i = 0; i < present.Length; i++)
            for (int c = 0; c < counts[i]; c++) x[row++, present[i]] = 1.0;
        var direct = SquaredLoss.Of(net.Forward(x), x);
        var fast = OneHotIdentityLoss.Of(net.Parameters[0], net.Parameters[1],
            torch.tensor(present.Select(i => (long)i).ToArray()), torch.tensor(counts.Select(c => (double)c / rows).ToArray()));

        Assert.Equal(direct.item<double>(), fast.item<double>(), 1e-12);
        var directGrad = Derivatives.Gradient(direct, net.Parameters);
        var fastGrad = Derivatives.Gradient(fast, net.Parameters);
        var (closedW1, closedW2) = OneHotIdentityLoss.Gradient(net.Parameters[0], net.Parameters[1],
            torch.tensor(present.Select(i => (long)i).ToArray()), torch.tensor(counts.Select(c => (double)c / rows).ToArray()));
        IList<torch.Tensor> closed = [closedW1, closedW2];
        for (int p = 0; p < 2; p++)
        {
            Assert.True(torch.allclose(directGrad[p], fastGrad[p], rtol: 1e-10, atol: 1e-12), $"Gradient {p} differs.");
            Assert.True(torch.allclose(directGrad[p], closed[p], rtol: 1e-10, atol: 1e-12), $"Closed-form gradient {p} differs.");
        }
        // Not trivially zero: the net is far from the identity at this init.
        Assert.True(direct.item<double>() > 0.1);
    }

    [Fact]
    public void RejectsMismatchedShapes()
    {
        using var scope = torch.NewDisposeScope();
        var w1 = torch.zeros(3, 6, dtype: torch.ScalarType.Float64);
        var w2 = torch.zeros(5, 3, dtype: torch.ScalarType.Float64);
        Assert.Throws<ArgumentException>(() => OneHotIdentityLoss.Of(w1, w2, torch.tensor(new long[] { 0 }), torch.tensor(new[] { 1.0 })));
    }
}
