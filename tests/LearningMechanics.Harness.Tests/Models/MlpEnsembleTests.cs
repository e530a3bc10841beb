using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Models;

/// <summary>An <see cref="MlpEnsemble"/> of K seeds against K separate <see cref="Mlp"/> runs with the same seeds.</summary>
public sealed class MlpEnsembleTests
{
    private static readonly long[] Seeds = [71, 72, 73];
    private static readonly int[] Widths = [4, 16, 16, 1];
    private const int Samples = 32, Steps = 40, ProbeEvery = 10;
    private const double Lr = 0.1;

    [Theory]
    [InlineData(Precision.Float64, ReplicaAgreement.Float64)]
    [InlineData(Precision.Float32, ReplicaAgreement.Float32)]
    public void TrainingMatchesSeparateRuns(Precision precision, double tolerance)
    {
        using var scope = torch.NewDisposeScope();
        var separate = Seeds.Select(seed => TrainSeparately(seed, precision, Parameterization.Standard, bias: true)).ToList();
        var (runs, parameters) = TrainTogether(precision, Parameterization.Standard, bias: true);

        for (int r = 0; r < Seeds.Length; r++)
        {
            Assert.Equal(separate[r].Run.ProbeSteps, runs[r].ProbeSteps);
            ReplicaAgreement.Within(ReplicaAgreement.RelativeDifference(runs[r].Losses, separate[r].Run.Losses), tolerance, $"{precision} losses, replica {r}");
            for (int i = 0; i < parameters.Count; i++)
                ReplicaAgreement.Within(ReplicaAgreement.RelativeDifference(parameters[i][r], separate[r].Parameters[i]), tolerance, $"{precision} parameter {i}, replica {r}");
        }
        // Training must have moved, or agreement would be trivial.
        Assert.True(separate[0].Run.Losses[^1] < 0.9 * separate[0].Run.Losses[0]);
    }

    [Theory]
    [InlineData(Parameterization.Ntk)]
    [InlineData(Parameterization.MuP)]
    public void MultipliersAndLearningRateScalesFollowTheParameterization(Parameterization parameterization)
    {
        using var scope = torch.NewDisposeScope();
        int[] widths = parameterization == Parameterization.MuP ? [4, 16, 1] : Widths;
        var separate = Seeds.Select(seed => TrainSeparately(seed, Precision.Float64, parameterization, bias: false, widths)).ToList();
        var (runs, parameters) = TrainTogether(Precision.Float64, parameterization, bias: false, widths);

        for (int r = 0; r < Seeds.Length; r++)
        {
            ReplicaAgreement.Within(ReplicaAgreement.RelativeDifference(runs[r].Losses, separate[r].Run.Losses), ReplicaAgreement.Float64, $"{parameterization} losses, replica {r}");
            for (int i = 0; i < parameters.Count; i++)
                ReplicaAgreement.Within(ReplicaAgreement.RelativeDifference(parameters[i][r], separate[r].Parameters[i]), ReplicaAgreement.Float64, $"{parameterization} parameter {i}, replica {r}");
        }
    }

    [Fact]
    public void SharpnessOfEachReplicaMatchesItsSeparateRun()
    {
        using var scope = torch.NewDisposeScope();
        var power = new Sharpness(maxIterations: 200, relativeTolerance: 1e-8);
        var expected = new List<Sharpness.Result>();
        foreach (long seed in Seeds)
        {
            var generator = new torch.Generator((ulong)seed, torch.CPU);
            using var data = Data(generator, Precision.Float64);
            using var model = new Mlp(Widths, Activation.Tanh, Parameterization.Standard, bias: true, generator, ComputeDevice.Cpu, Precision.Float64);
            expected.Add(power.Of(() => SquaredLoss.Of(model.Forward(data.Inputs), data.Targets), model.Parameters, null, generator));
        }
        var generators = Generators();
        using var together = StackedData(generators, Precision.Float64);
        using var ensemble = new MlpEnsemble(Widths, Activation.Tanh, Parameterization.Standard, bias: true, generators, ComputeDevice.Cpu, Precision.Float64);
        var result = new EnsembleSharpness(maxIterations: 200, relativeTolerance: 1e-8)
            .Of(ensemble, together.Inputs, together.Targets, null, generators);

        for (int r = 0; r < Seeds.Length; r++)
        {
            Assert.Equal(expected[r].Iterations, result.Iterations[r]);
            ReplicaAgreement.Within(Math.Abs(result.Values[r] - expected[r].Value) / Math.Abs(expected[r].Value), ReplicaAgreement.Float64, $"sharpness, replica {r}");
            ReplicaAgreement.Within(ReplicaAgreement.RelativeDifference(result.Vectors[r], expected[r].Vector), 1e-8, $"top eigenvector, replica {r}");
        }
        // Replicas converge after different numbers of iterations; each must stop on its own.
        Assert.True(result.Values.All(v => v > 0));
    }

    [Fact]
    public void NtkOfEachReplicaMatchesItsSeparateRun()
    {
        using var scope = torch.NewDisposeScope();
        int[] widths = [4, 8, 1];
        var expected = new List<double[,]>();
        foreach (long seed in Seeds)
        {
            var generator = new torch.Generator((ulong)seed, torch.CPU);
            using var data = SyntheticData.GaussianWithRandomTargets(6, 4, 1, generator, ComputeDevice.Cpu, Precision.Float64);
            using var model = new Mlp(widths, Activation.Tanh, Parameterization.Ntk, bias: false, generator, ComputeDevice.Cpu, Precision.Float64);
            expected.Add(EmpiricalNtk.Gram(model.Forward, model.Parameters, data.Inputs));
        }
        var generators = Generators();
        using var together = EnsembleDataset.Stack(generators.Select(g => SyntheticData.GaussianWithRandomTargets(6, 4, 1, g, ComputeDevice.Cpu, Precision.Float64)).ToList());
        using var ensemble = new MlpEnsemble(widths, Activation.Tanh, Parameterization.Ntk, bias: false, generators, ComputeDevice.Cpu, Precision.Float64);

        var grams = EnsembleNtk.Grams(ensemble.Forward, ensemble.Parameters, together.Inputs);

        for (int r = 0; r < Seeds.Length; r++)
            ReplicaAgreement.Within(ReplicaAgreement.RelativeDifference(grams[r].Cast<double>().ToList(), expected[r].Cast<double>().ToList()), ReplicaAgreement.Float64, $"NTK, replica {r}");
    }

    [Fact]
    public void SharedInputsAreBroadcastAndBadShapesAreRefused()
    {
        using var scope = torch.NewDisposeScope();
        using var ensemble = new MlpEnsemble(Widths, Activation.Tanh, Parameterization.Standard, bias: true, Generators(), ComputeDevice.Cpu, Precision.Float64);
        var x = torch.randn(5, 4, dtype: torch.ScalarType.Float64);
        Assert.Equal([3L, 5, 1], ensemble.Forward(x).shape);
        Assert.Throws<ArgumentException>(() => ensemble.Forward(torch.randn(2, 5, 4, dtype: torch.ScalarType.Float64)));
        Assert.Throws<ArgumentException>(() => new MlpEnsemble(Widths, Activation.Tanh, Parameterization.Standard, bias: true, [], ComputeDevice.Cpu, Precision.Float64));
    }

    internal static List<torch.Generator> Generators() => Seeds.Select(s => new torch.Generator((ulong)s, torch.CPU)).ToList();

    private static Dataset Data(torch.Generator generator, Precision precision) =>
        SyntheticData.GaussianWithRandomTargets(Samples, Widths[0], 1, generator, ComputeDevice.Cpu, precision);

    private static EnsembleDataset StackedData(IReadOnlyList<torch.Generator> generators, Precision precision)
    {
        var sets = generators.Select(g => Data(g, precision)).ToList();
        try { return EnsembleDataset.Stack(sets); }
        finally { foreach (var s in sets) s.Dispose(); }
    }

    private static (TrainingRun Run, List<torch.Tensor> Parameters) TrainSeparately(long seed, Precision precision, Parameterization parameterization, bool bias, int[]? widths = null)
    {
        var generator = new torch.Generator((ulong)seed, torch.CPU);
        using var data = Data(generator, precision);
        using var model = new Mlp(widths ?? Widths, Activation.Tanh, parameterization, bias, generator, ComputeDevice.Cpu, precision);
        var run = new GradientDescent(Lr, Steps, ProbeEvery).Train(model, data);
        return (run, model.Parameters.Select(p => p.detach().clone()).ToList());
    }

    private static (IReadOnlyList<TrainingRun> Runs, List<torch.Tensor> Parameters) TrainTogether(Precision precision, Parameterization parameterization, bool bias, int[]? widths = null)
    {
        var generators = Generators();
        using var data = StackedData(generators, precision);
        using var ensemble = new MlpEnsemble(widths ?? Widths, Activation.Tanh, parameterization, bias, generators, ComputeDevice.Cpu, precision);
        var runs = new EnsembleGradientDescent(Lr, Steps, ProbeEvery).Train(ensemble, data);
        return (runs, ensemble.Parameters.Select(p => p.detach().clone()).ToList());
    }
}
