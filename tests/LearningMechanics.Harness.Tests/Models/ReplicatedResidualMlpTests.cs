using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Models;

public sealed class ReplicatedResidualMlpTests
{
    [Fact]
    public void EachReplicaComputesBordelonsEquationOne()
    {
        using var scope = torch.NewDisposeScope();
        var generators = new[] { new torch.Generator(5, torch.CPU), new torch.Generator(7, torch.CPU), new torch.Generator(5, torch.CPU) };
        const int d = 4, n = 6, blocks = 3;
        const double beta = 0.4;
        using var model = new ReplicatedResidualMlp(d, n, blocks, beta, generators, ComputeDevice.Cpu, Precision.Float64);
        var x = torch.randn(3, 10, d, dtype: torch.ScalarType.Float64, generator: new torch.Generator(9, torch.CPU));

        var batched = model.Forward(x).detach();

        for (int r = 0; r < 3; r++)
        {
            // h¹ = W⁰x/√d, hˡ⁺¹ = hˡ + β·n^−1/2·Wˡφ(hˡ), f = n^−1·w·φ(h).
            // Parameters hold the transposed weights: Wˡ = Parameters[l][r]ᵀ.
            var w = model.Parameters.Select(p => p[r].detach().t()).ToList();
            var h = torch.matmul(x[r], w[0].t()) / Math.Sqrt(d);
            for (int l = 1; l <= blocks; l++) h = h + beta / Math.Sqrt(n) * torch.matmul(torch.nn.functional.relu(h), w[l].t());
            var f = torch.matmul(torch.nn.functional.relu(h), w[^1].t()) / n;
            double error = (batched[r] - f).abs().max().item<double>();
            Assert.True(error < 1e-12, $"Replica {r} differs from its own network by {error:e2}.");
        }
        // Equally seeded generators give identical replicas; different seeds give different ones.
        Assert.True(model.Parameters.All(w => (w[0] - w[2]).abs().max().item<double>() == 0));
        Assert.True((model.Parameters[1][0] - model.Parameters[1][1]).abs().max().item<double>() > 0);
        Assert.Equal(Enumerable.Repeat((double)n, blocks + 2), model.LearningRateScales);
        // Replica 0 drew W⁰ (n × d) then W¹ (n × n) from its generator, in that order and shape.
        var fresh = new torch.Generator(5, torch.CPU);
        var w0 = torch.randn(n, d, dtype: torch.ScalarType.Float64, generator: fresh);
        var w1 = torch.randn(n, n, dtype: torch.ScalarType.Float64, generator: fresh);
        Assert.Equal(0.0, (model.Parameters[0][0].detach().t() - w0).abs().max().item<double>());
        Assert.Equal(0.0, (model.Parameters[1][0].detach().t() - w1).abs().max().item<double>());
        Assert.True(model.Parameters.All(p => p.is_contiguous()));
        // Every weight entry starts N(0, 1).
        Assert.InRange(model.Parameters[1].detach().var().item<double>(), 0.6, 1.4);
    }

    /// <summary>
    /// The property the 1/√L branch buys (Bordelon et al. 2024; Yang et al. 2024, Depth-μP with SGD): one SGD step of a
    /// fixed base learning rate moves the output by a depth-independent amount; with branch multiplier 1 the L blocks'
    /// contributions add up (and the forward pass grows by 1.5 per block), so the same step moves it far more at depth 32.
    /// Depth-independent means Θ(1) as L → ∞: between L = 4 and 32 the 1/√L net's one-step change differs by a finite-depth
    /// correction (measured ratio 0.64 with this seed), so the band is [0.5, 2], against ≥ 20 without the scaling.
    /// </summary>
    [Theory]
    [InlineData(true, 0.5, 2.0)]
    [InlineData(false, 20.0, double.PositiveInfinity)]
    public void OneSgdStepMovesTheOutputIndependentlyOfDepthOnlyWithInverseSqrtDepthBranches(bool inverseSqrtDepth, double lowRatio, double highRatio)
    {
        double shallow = OutputChangeAfterOneStep(4, inverseSqrtDepth);
        double deep = OutputChangeAfterOneStep(32, inverseSqrtDepth);
        Assert.InRange(deep / shallow, lowRatio, highRatio);
    }

    [Fact]
    public void RejectsBadShapesAndMultipliers()
    {
        using var model = new ReplicatedResidualMlp(2, 3, 1, 1.0, [new torch.Generator(1, torch.CPU)], ComputeDevice.Cpu, Precision.Float64);
        using var x = torch.zeros(2, 5, 2, dtype: torch.ScalarType.Float64);
        Assert.Throws<ArgumentException>(() => model.Forward(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicatedResidualMlp(2, 3, 0, 1.0, [new torch.Generator(1, torch.CPU)], ComputeDevice.Cpu, Precision.Float64));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicatedResidualMlp(2, 3, 1, 0.0, [new torch.Generator(1, torch.CPU)], ComputeDevice.Cpu, Precision.Float64));
    }

    private static double OutputChangeAfterOneStep(int blocks, bool inverseSqrtDepth)
    {
        using var scope = torch.NewDisposeScope();
        var g = new torch.Generator(11, torch.CPU);
        var x = torch.randn(1, 32, 8, dtype: torch.ScalarType.Float64, generator: g);
        var y = torch.randn(1, 32, 1, dtype: torch.ScalarType.Float64, generator: g);
        double beta = inverseSqrtDepth ? 1.0 / Math.Sqrt(blocks) : 1.0;
        using var model = new ReplicatedResidualMlp(8, 256, blocks, beta, [g], ComputeDevice.Cpu, Precision.Float64);
        using var sgd = new ReplicaGradientDescent(model.Parameters, model.LearningRateScales, [0.05]);
        var before = model.Forward(x).detach();
        sgd.Step(Derivatives.Gradient(ReplicaSquaredLoss.Summed(model.Forward(x), y), model.Parameters));
        return (model.Forward(x).detach() - before).pow(2).mean().sqrt().item<double>();
    }
}
