using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Models;

public sealed class AbcMlpTests
{
    private const int Inputs = 4, Width = 256, HiddenLayers = 3;

    /// <summary>
    /// The effective weights W^l = n^−a_l·w^l start at the scales TP4's table implies: SP and NTK both at 1/√fan_in
    /// (identical forward passes at init), μP the same except a readout of 1/n.
    /// </summary>
    [Theory]
    [InlineData("sp", 0.5)]
    [InlineData("ntk", 0.5)]
    [InlineData("mup", 1.0)]
    public void EffectiveInitialScalesFollowTheTable(string name, double readoutExponent)
    {
        using var scope = torch.NewDisposeScope();
        using var model = new AbcMlp(Inputs, Width, AbcParameterization.Named(name, HiddenLayers), Activation.Tanh,
            new torch.Generator(71, torch.CPU), ComputeDevice.Cpu, Precision.Float64);
        var expected = new List<double> { 1 / Math.Sqrt(Inputs) };
        expected.AddRange(Enumerable.Repeat(1 / Math.Sqrt(Width), HiddenLayers - 1));
        expected.Add(Math.Pow(Width, -readoutExponent));
        for (int l = 0; l < expected.Count; l++)
        {
            double std = EffectiveWeights(model, l).std().item<double>();
            // The readout has only 256 entries: its sample std is within ~±13% (3 SE) of the true one.
            Assert.InRange(std / expected[l], 0.87, 1.13);
        }
    }

    /// <summary>
    /// One GD step on the trained w^l moves the effective weights by −lr_eff·∂L/∂W^l with lr_eff = η·n^−(2a_l + c)
    /// (and 1/d on the input layer's fixed 1/√d): for μP that is TP5's SGD table (Table 3): input η·n, hidden η, readout η/n.
    /// </summary>
    [Fact]
    public void MuPEffectiveLearningRatesMatchTensorProgramsV()
    {
        using var scope = torch.NewDisposeScope();
        const int width = 32;
        const double lr = 0.01;
        var generator = new torch.Generator(72, torch.CPU);
        using var data = SyntheticData.GaussianWithRandomTargets(10, Inputs, 1, generator, ComputeDevice.Cpu, Precision.Float64);
        using var model = new AbcMlp(Inputs, width, AbcParameterization.MuP(HiddenLayers), Activation.Tanh, generator, ComputeDevice.Cpu, Precision.Float64);
        var effective = Enumerable.Range(0, HiddenLayers + 1).Select(l => EffectiveWeights(model, l).detach().clone()).ToList();
        // Gradients with respect to the effective weights, by the chain rule from those with respect to w^l.
        var loss = SquaredLoss.Of(model.Forward(data.Inputs), data.Targets);
        var grads = Derivatives.Gradient(loss, model.Parameters);
        var expectedRates = new List<double> { lr * width / Inputs };
        expectedRates.AddRange(Enumerable.Repeat(lr, HiddenLayers - 1));
        expectedRates.Add(lr / width);

        new GradientDescent(lr, steps: 1, probeEvery: 1).Train(model, data);

        for (int l = 0; l <= HiddenLayers; l++)
        {
            double multiplier = Multiplier(l, width, AbcParameterization.MuP(HiddenLayers));
            var gradEffective = grads[l] / multiplier;
            var expected = effective[l] - expectedRates[l] * gradEffective;
            double error = (EffectiveWeights(model, l).detach() - expected).abs().max().item<double>();
            Assert.True(error < 1e-12, $"Layer {l + 1}: effective step off by {error:e2}.");
        }
    }

    [Fact]
    public void PreActivationsAreTheHiddenLayersAndFeedTheReadout()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(73, torch.CPU);
        using var model = new AbcMlp(Inputs, 16, AbcParameterization.Ntk(HiddenLayers), Activation.Tanh, generator, ComputeDevice.Cpu, Precision.Float64);
        var x = torch.randn(5, Inputs, dtype: torch.ScalarType.Float64, generator: generator);
        var features = model.PreActivations(x);

        Assert.Equal(HiddenLayers, features.Count);
        Assert.All(features, h => Assert.Equal(new long[] { 5, 16 }, h.shape));
        var output = torch.nn.functional.linear(torch.tanh(features[^1]), model.Parameters[^1]) * Multiplier(HiddenLayers, 16, model.Parameterization);
        Assert.True((output - model.Forward(x).detach()).abs().max().item<double>() < 1e-14);
    }

    private static double Multiplier(int layer, int width, AbcParameterization abc) =>
        Math.Pow(width, -abc.A[layer]) / (layer == 0 ? Math.Sqrt(Inputs) : 1.0);

    private static torch.Tensor EffectiveWeights(AbcMlp model, int layer) =>
        model.Parameters[layer] * Multiplier(layer, model.Width, model.Parameterization);
}
