using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Data;

public sealed class WhitenedModesTests
{
    private static readonly double[] Strengths = [3.0, 1.5, 0.5];

    [Fact]
    public void InputsAreExactlyWhitened()
    {
        using var scope = torch.NewDisposeScope();
        using var modes = Create(seed: 71);
        var x = modes.Data.Inputs;

        var covariance = torch.matmul(x.t(), x) / x.shape[0];

        double error = (covariance - torch.eye(6, dtype: torch.ScalarType.Float64)).abs().max().item<double>();
        Assert.True(error < 1e-10, $"XᵀX/m differs from I by {error:e2}.");
    }

    [Fact]
    public void InputOutputCorrelationHasPrescribedSingularValues()
    {
        using var scope = torch.NewDisposeScope();
        using var modes = Create(seed: 72);
        var (x, y) = (modes.Data.Inputs, modes.Data.Targets);

        var correlation = torch.matmul(y.t(), x) / x.shape[0];
        var singular = torch.linalg.svdvals(correlation).data<double>().ToArray();

        // Four outputs and three modes: the fourth singular value is zero.
        double[] expected = [3.0, 1.5, 0.5, 0.0];
        Assert.Equal(expected.Length, singular.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], singular[i], 1e-10);
        Assert.Equal(Strengths, modes.ModeStrengths(correlation), new ToleranceComparer(1e-10));
    }

    [Fact]
    public void ModeVectorsAreOrthonormal()
    {
        using var scope = torch.NewDisposeScope();
        using var modes = Create(seed: 73);
        var identity = torch.eye(Strengths.Length, dtype: torch.ScalarType.Float64);

        foreach (var basis in new[] { modes.OutputModes, modes.InputModes })
        {
            double error = (torch.matmul(basis.t(), basis) - identity).abs().max().item<double>();
            Assert.True(error < 1e-12, $"Mode vectors are off orthonormal by {error:e2}.");
        }
    }

    [Fact]
    public void ModeStrengthsOfTrueMapAreTheStrengthsAndOfZeroMapAreZero()
    {
        using var scope = torch.NewDisposeScope();
        using var modes = Create(seed: 74);
        var map = torch.matmul(modes.OutputModes * torch.tensor(Strengths, dtype: torch.ScalarType.Float64), modes.InputModes.t());

        Assert.Equal(Strengths, modes.ModeStrengths(map), new ToleranceComparer(1e-12));
        Assert.Equal([0.0, 0.0, 0.0], modes.ModeStrengths(torch.zeros(4, 6, dtype: torch.ScalarType.Float64)));
        Assert.Equal(Strengths, modes.Strengths);
    }

    [Fact]
    public void SameSeedGivesSameData()
    {
        using var scope = torch.NewDisposeScope();
        using var first = Create(seed: 75);
        using var second = Create(seed: 75);

        Assert.True(first.Data.Inputs.eq(second.Data.Inputs).all().item<bool>());
        Assert.True(first.Data.Targets.eq(second.Data.Targets).all().item<bool>());
    }

    [Fact]
    public void RejectsBadShapesAndStrengths()
    {
        var generator = new torch.Generator(76, torch.CPU);
        var cpu = ComputeDevice.Cpu;

        Assert.Throws<ArgumentException>(() => new WhitenedModes(32, 6, 4, [], generator, cpu, Precision.Float64));
        Assert.Throws<ArgumentException>(() => new WhitenedModes(32, 6, 4, [1, 1, 1, 1, 1], generator, cpu, Precision.Float64));
        Assert.Throws<ArgumentException>(() => new WhitenedModes(5, 6, 4, [1], generator, cpu, Precision.Float64));
        Assert.Throws<ArgumentException>(() => new WhitenedModes(32, 6, 4, [1, 0], generator, cpu, Precision.Float64));
        Assert.Throws<ArgumentException>(() => new WhitenedModes(32, 6, 4, [1, double.NaN], generator, cpu, Precision.Float64));
    }

    private static WhitenedModes Create(ulong seed) =>
        new(32, 6, 4, Strengths, new torch.Generator(seed, torch.CPU), ComputeDevice.Cpu, Precision.Float64);

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
