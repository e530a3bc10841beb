using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Observables;

public sealed class HessianVectorProductTests
{
    private const torch.ScalarType Float64 = torch.ScalarType.Float64;

    [Fact]
    public void MlpProductMatchesCentralFiniteDifferenceOfGradient()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(11, torch.CPU);
        using var model = new Mlp([3, 6, 5, 2], Activation.Tanh, Parameterization.Standard, bias: true, generator, ComputeDevice.Cpu, Precision.Float64);
        using var data = SyntheticData.GaussianWithRandomTargets(10, 3, 2, generator, ComputeDevice.Cpu, Precision.Float64);
        torch.Tensor Loss() => SquaredLoss.Of(model.Forward(data.Inputs), data.Targets);

        using var hvp = new HessianVectorProduct(Loss(), model.Parameters);
        Assert.Equal(ParameterVector.Count(model.Parameters), hvp.Dimension);
        var v = torch.randn(hvp.Dimension, dtype: Float64, generator: generator);
        v = v / v.norm();
        var exact = hvp.Apply(v);
        // Central differences err by O(ε²) (≈1e-8 here) plus rounding O(1e-16/ε) (≈1e-12): far below the 1e-6 asserted.
        var estimate = FiniteDifferenceProduct(Loss, model.Parameters, v, epsilon: 1e-4);

        double relative = (exact - estimate).norm().item<double>() / exact.norm().item<double>();
        Assert.True(relative < 1e-6, $"HVP differs from finite differences by {relative:e2} (relative).");
    }

    [Fact]
    public void RepeatedProductsAreLinearAndSymmetric()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(12, torch.CPU);
        using var model = new Mlp([2, 4, 1], Activation.Tanh, Parameterization.Standard, bias: true, generator, ComputeDevice.Cpu, Precision.Float64);
        using var data = SyntheticData.GaussianWithRandomTargets(6, 2, 1, generator, ComputeDevice.Cpu, Precision.Float64);
        using var hvp = new HessianVectorProduct(SquaredLoss.Of(model.Forward(data.Inputs), data.Targets), model.Parameters);
        var u = torch.randn(hvp.Dimension, dtype: Float64, generator: generator);
        var w = torch.randn(hvp.Dimension, dtype: Float64, generator: generator);

        // Several products on one instance: the gradient graph must survive each of them.
        var hu = hvp.Apply(u);
        var hw = hvp.Apply(w);
        var combined = hvp.Apply(2 * u + 3 * w);

        Assert.Equal(torch.dot(u, hw).item<double>(), torch.dot(w, hu).item<double>(), 1e-12);
        double linearity = (combined - (2 * hu + 3 * hw)).norm().item<double>() / combined.norm().item<double>();
        Assert.True(linearity < 1e-12, $"H(2u + 3w) differs from 2Hu + 3Hw by {linearity:e2}.");
    }

    [Fact]
    public void QuadraticOverTwoParameterTensorsGivesMatrixTimesVector()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(13, torch.CPU);
        // θ = (vec a, b) with a 2×2 and b of length 3, so the flattening order of the parameters matters.
        var a = torch.randn(2, 2, dtype: Float64, generator: generator).requires_grad_(true);
        var b = torch.randn(3, dtype: Float64, generator: generator).requires_grad_(true);
        var m = torch.randn(7, 7, dtype: Float64, generator: generator);
        var matrix = (m + m.t()) / 2;
        torch.Tensor[] parameters = [a, b];
        var theta = ParameterVector.Flatten(parameters);
        var loss = 0.5 * torch.dot(theta, torch.matmul(matrix, theta));

        using var hvp = new HessianVectorProduct(loss, parameters);
        var v = torch.randn(7, dtype: Float64, generator: generator);

        AssertClose(torch.matmul(matrix, v), hvp.Apply(v), 1e-12);
        AssertClose(torch.matmul(matrix, theta.detach()), hvp.Gradient(), 1e-12);
    }

    [Fact]
    public void RejectsVectorOfWrongLengthAndNonScalarLoss()
    {
        using var scope = torch.NewDisposeScope();
        var theta = torch.ones(4, dtype: Float64).requires_grad_(true);
        using var hvp = new HessianVectorProduct((theta * theta).sum(), [theta]);

        Assert.Throws<ArgumentException>(() => hvp.Apply(torch.ones(3, dtype: Float64)));
        Assert.Throws<ArgumentException>(() => new HessianVectorProduct(theta * theta, [theta]));
    }

    /// <summary>(∇L(θ + εv) − ∇L(θ − εv)) / 2ε, perturbing the parameters in place and restoring them exactly.</summary>
    private static torch.Tensor FiniteDifferenceProduct(Func<torch.Tensor> loss, IReadOnlyList<torch.Tensor> parameters, torch.Tensor v, double epsilon)
    {
        var saved = parameters.Select(p => p.detach().clone()).ToList();
        var step = ParameterVector.Split(v * epsilon, parameters);

        SetParameters(parameters, saved, step, sign: +1);
        var plus = ParameterVector.Flatten(Derivatives.Gradient(loss(), parameters));
        SetParameters(parameters, saved, step, sign: -1);
        var minus = ParameterVector.Flatten(Derivatives.Gradient(loss(), parameters));
        SetParameters(parameters, saved, step: null, sign: 0);

        for (int i = 0; i < parameters.Count; i++) Assert.True(parameters[i].eq(saved[i]).all().item<bool>(), "Parameters were not restored.");
        return (plus - minus) / (2 * epsilon);
    }

    /// <summary>Sets θ = saved + sign·step in place (θ = saved when step is null).</summary>
    private static void SetParameters(IReadOnlyList<torch.Tensor> parameters, List<torch.Tensor> saved, List<torch.Tensor>? step, int sign)
    {
        using var _ = torch.no_grad();
        for (int i = 0; i < parameters.Count; i++)
        {
            parameters[i].copy_(saved[i]);
            if (step is not null) parameters[i].add_(step[i], sign);
        }
    }

    private static void AssertClose(torch.Tensor expected, torch.Tensor actual, double tolerance)
    {
        double error = (expected - actual).abs().max().item<double>();
        Assert.True(error <= tolerance, $"Max abs difference {error:e2} exceeds {tolerance:e0}.");
    }

    [Fact]
    public void ParameterUnusedByTheLossGetsZeroProductInsteadOfAbortingTheProcess()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(3, dtype: Float64).requires_grad_(true);
        var b = torch.ones(2, dtype: Float64).requires_grad_(true);
        // a enters linearly, so the gradient graph has no path back to it: libtorch aborts unless allow_unused is set.
        using var hvp = new HessianVectorProduct(a.sum() + (b * b).sum(), [a, b]);
        var product = hvp.Apply(torch.ones(5, dtype: Float64));
        Assert.Equal([0.0, 0.0, 0.0, 2.0, 2.0], product.data<double>().ToArray());
    }

    [Fact]
    public void LossLinearInParametersHasZeroHessian()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(3, dtype: Float64).requires_grad_(true);
        using var hvp = new HessianVectorProduct((a * 2.0).sum(), [a]);
        Assert.Equal([0.0, 0.0, 0.0], hvp.Apply(torch.ones(3, dtype: Float64)).data<double>().ToArray());
    }
}
