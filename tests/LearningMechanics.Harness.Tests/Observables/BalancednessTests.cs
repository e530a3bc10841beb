using LearningMechanics.Harness.Observables;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Observables;

public sealed class BalancednessTests
{
    private const torch.ScalarType Float64 = torch.ScalarType.Float64;

    [Fact]
    public void LayersMatchesHandComputedForm()
    {
        using var scope = torch.NewDisposeScope();
        var lower = torch.tensor(new double[] { 1, 2, 3, 4 }, [2, 2], Float64);  // W_l = [[1,2],[3,4]]
        var upper = torch.tensor(new double[] { 1, 0, 1, 1 }, [2, 2], Float64);  // W_{l+1} = [[1,0],[1,1]]
        // W_{l+1}ᵀW_{l+1} = [[2,1],[1,1]]; W_lW_lᵀ = [[5,11],[11,25]].
        var expected = torch.tensor(new double[] { -3, -10, -10, -24 }, [2, 2], Float64);

        Assert.Equal(0, (Balancedness.Layers(lower, upper) - expected).abs().max().item<double>(), 1e-14);
    }

    [Fact]
    public void OneGradientStepChangesLayersByLrSquaredTimesTheGradientForm()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(31, torch.CPU);
        var x = torch.randn(20, 3, dtype: Float64, generator: generator);
        var y = torch.randn(20, 2, dtype: Float64, generator: generator);
        var w1 = torch.randn(4, 3, dtype: Float64, generator: generator).requires_grad_(true);
        var w2 = torch.randn(2, 4, dtype: Float64, generator: generator).requires_grad_(true);
        var loss = (torch.matmul(torch.matmul(x, w1.t()), w2.t()) - y).pow(2).sum() / 40.0;
        var g = Derivatives.Gradient(loss, [w1, w2]);
        var before = Balancedness.Layers(w1, w2);
        const double lr = 0.3;
        using (torch.no_grad())
        {
            w1.add_(g[0], -lr);
            w2.add_(g[1], -lr);
        }

        var change = Balancedness.Layers(w1, w2) - before;
        var expected = lr * lr * Balancedness.Layers(g[0], g[1]);

        Assert.True(change.abs().max().item<double>() > 1e-3, "the step should move the balancedness at second order");
        Assert.Equal(0, (change - expected).abs().max().item<double>(), 1e-12);
    }

    [Fact]
    public void UnitsCountTheBiasOnTheIncomingSide()
    {
        using var scope = torch.NewDisposeScope();
        var incoming = torch.tensor(new double[] { 1, 2, 0, 3 }, [2, 2], Float64);
        var bias = torch.tensor(new double[] { 1, -2 }, Float64);
        var outgoing = torch.tensor(new double[] { 2, 1 }, [1, 2], Float64);
        // Unit 0: 1 + 4 + 1 − 4 = 2; unit 1: 0 + 9 + 4 − 1 = 12. Without the bias: 1 and 8.
        Assert.Equal([2.0, 12.0], Balancedness.Units(incoming, bias, outgoing).data<double>().ToArray());
        Assert.Equal([1.0, 8.0], Balancedness.Units(incoming, null, outgoing).data<double>().ToArray());
    }

    [Fact]
    public void RejectsLayersThatDoNotCompose()
    {
        using var scope = torch.NewDisposeScope();
        var incoming = torch.zeros(2, 2, dtype: Float64);
        var outgoing = torch.zeros(1, 2, dtype: Float64);
        Assert.Throws<ArgumentException>(() => Balancedness.Units(incoming, torch.zeros(3, dtype: Float64), outgoing));
        Assert.Throws<ArgumentException>(() => Balancedness.Layers(incoming, torch.zeros(3, 3, dtype: Float64)));
    }
}
