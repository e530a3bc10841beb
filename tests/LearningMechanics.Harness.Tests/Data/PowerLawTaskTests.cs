using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Data;

public sealed class PowerLawTaskTests
{
    [Fact]
    public void SpectrumAndTargetPowerFollowTheirExponents()
    {
        using var task = new PowerLawTask(50, alpha: 1.5, beta: 2.5, ComputeDevice.Cpu, Precision.Float64);
        using var power = task.Spectrum * task.Target.square();
        for (int k = 1; k <= 50; k += 7)
        {
            Assert.Equal(Math.Pow(k, -1.5), task.Spectrum[k - 1].item<double>(), 12);
            Assert.Equal(Math.Pow(k, -2.5), power[k - 1].item<double>(), 12);
        }
    }

    [Fact]
    public void PopulationLossAtZeroIsHalfTheTotalTargetPower()
    {
        using var task = new PowerLawTask(40, alpha: 1.2, beta: 2, ComputeDevice.Cpu, Precision.Float64);
        using var zero = torch.zeros(40, dtype: torch.ScalarType.Float64);
        double expected = 0.5 * Enumerable.Range(1, 40).Sum(k => Math.Pow(k, -2.0));
        Assert.Equal(expected, task.PopulationLoss(zero), 12);
        Assert.Equal(0, task.PopulationLoss(task.Target), 15);
    }

    [Fact]
    public void PopulationLossMatchesTheEmpiricalLossOnManySamples()
    {
        // ½E[(w·x − w*·x)²] = ½Σλ_k(w_k − w*_k)²: checked against a 20000-sample average (relative SE ≈ 1%).
        using var task = new PowerLawTask(20, alpha: 1.0, beta: 2, ComputeDevice.Cpu, Precision.Float64);
        var generator = new torch.Generator(3, torch.CPU);
        using var w = torch.zeros(20, dtype: torch.ScalarType.Float64);
        using var x = task.Inputs(20000, generator);
        using var y = task.Labels(x);
        using var prediction = torch.matmul(x, w).unsqueeze(1);
        double empirical = 0.5 * (prediction - y).square().mean().item<double>();
        double population = task.PopulationLoss(w);
        Assert.True(Math.Abs(empirical / population - 1) < 0.05, $"empirical {empirical} vs population {population}");
    }
}
