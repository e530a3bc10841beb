using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Training;

public sealed class LogisticLossTests
{
    [Fact]
    public void MatchesTheFormulaAndStaysFiniteAtLargeMargins()
    {
        using var scope = torch.NewDisposeScope();
        var f = torch.tensor(new double[,] { { 0 }, { 2 }, { -800 } }, dtype: torch.ScalarType.Float64);
        var y = torch.tensor(new double[,] { { 1 }, { -1 }, { -1 } }, dtype: torch.ScalarType.Float64);
        double expected = (Math.Log(2) + Math.Log(1 + Math.Exp(2)) + Math.Exp(-800)) / 3;
        Assert.Equal(expected, LogisticLoss.Of(f, y).item<double>(), 1e-12);
        Assert.Equal(3 * expected, LogisticLoss.Sum(f, y).item<double>(), 1e-12);
        Assert.Throws<ArgumentException>(() => LogisticLoss.Of(f, y.t()));
    }

    [Fact]
    public void GradientDescentStepMatchesTheClosedFormGradient()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[,] { { 1, 2 }, { -1, 0.5 } }, dtype: torch.ScalarType.Float64);
        var y = torch.tensor(new double[,] { { 1 }, { -1 } }, dtype: torch.ScalarType.Float64);
        using var data = new Dataset(x, y);
        using var model = new LinearModel(2, ComputeDevice.Cpu, Precision.Float64);
        var losses = new List<double>();
        var run = new LogisticGradientDescent(0.5, [0, 1]).Train(model, data, (_, loss) => losses.Add(loss));
        // At w = 0 the gradient is −(1/m) Σ σ(0)·y_i x_i = −(1/4)((1, 2) + (1, −0.5)) = −(0.5, 0.375).
        var w = model.Weights().data<double>().ToArray();
        Assert.Equal(0.25, w[0], 1e-12);
        Assert.Equal(0.1875, w[1], 1e-12);
        Assert.Equal(Math.Log(2), losses[0], 1e-12);
        Assert.True(losses[1] < losses[0]);
        Assert.Equal(TrainingOutcome.Completed, run.Outcome);
    }
}
