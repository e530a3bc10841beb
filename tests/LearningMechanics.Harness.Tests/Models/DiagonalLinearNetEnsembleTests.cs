using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Models;

/// <summary>
/// There is no single diagonal net in the harness, so each replica is checked against GD written out here on plain
/// vectors u, v ∈ ℝ^d with β = u⊙u − v⊙v and L = (1/2m)‖Xβ − y‖².
/// </summary>
public sealed class DiagonalLinearNetEnsembleTests
{
    private static readonly long[] Seeds = [91, 92, 93];
    private const int Samples = 12, Inputs = 20, Steps = 200;
    private const double Lr = 0.05, Alpha = 0.1;

    [Theory]
    [InlineData(Precision.Float64, ReplicaAgreement.Float64)]
    [InlineData(Precision.Float32, ReplicaAgreement.Float32)]
    public void TrainingMatchesSeparateRuns(Precision precision, double tolerance)
    {
        using var scope = torch.NewDisposeScope();
        var sets = Seeds.Select(s => SparseRegression(new torch.Generator((ulong)s, torch.CPU), precision)).ToList();
        var expected = sets.Select(d => TrainByHand(d, precision)).ToList();
        using var stacked = EnsembleDataset.Stack(sets);
        using var ensemble = new DiagonalLinearNetEnsemble(Seeds.Length, Inputs, Alpha, ComputeDevice.Cpu, precision);

        var runs = new EnsembleGradientDescent(Lr, Steps, 50).Train(ensemble, stacked);
        var beta = ensemble.Beta();

        for (int r = 0; r < Seeds.Length; r++)
        {
            ReplicaAgreement.Within(ReplicaAgreement.RelativeDifference(beta[r], expected[r].Beta), tolerance, $"{precision} β, replica {r}");
            ReplicaAgreement.Within(ReplicaAgreement.RelativeDifference([runs[r].Losses[^1]], [expected[r].Loss]), tolerance, $"{precision} final loss, replica {r}");
        }
        // From a small init the diagonal net must have fitted the sparse teacher's large coordinates.
        Assert.True(runs[0].Losses[^1] < 0.1 * runs[0].Losses[0], $"Loss {runs[0].Losses[0]} → {runs[0].Losses[^1]}.");
    }

    /// <summary>y = Xβ* with a 2-sparse β*, so the net has something to learn.</summary>
    private static Dataset SparseRegression(torch.Generator generator, Precision precision)
    {
        var type = precision.ToScalarType();
        var x = torch.randn(Samples, Inputs, dtype: type, generator: generator);
        var teacher = torch.zeros(Inputs, 1, dtype: type);
        teacher[0, 0] = torch.tensor(1.0, dtype: type);
        teacher[1, 0] = torch.tensor(-0.5, dtype: type);
        return new Dataset(x, torch.matmul(x, teacher));
    }

    private static (torch.Tensor Beta, double Loss) TrainByHand(Dataset data, Precision precision)
    {
        var type = precision.ToScalarType();
        var u = torch.full(Inputs, Alpha, dtype: type).requires_grad_(true);
        var v = torch.full(Inputs, Alpha, dtype: type).requires_grad_(true);
        torch.Tensor Loss() => SquaredLoss.Of(torch.matmul(data.Inputs, (u * u - v * v).unsqueeze(1)), data.Targets);
        for (int step = 0; step < Steps; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            var grads = Derivatives.Gradient(Loss(), [u, v]);
            using (torch.no_grad())
            {
                u.add_(grads[0], -Lr);
                v.add_(grads[1], -Lr);
            }
        }
        using var _ = torch.no_grad();
        return (u * u - v * v, Loss().to(torch.ScalarType.Float64).item<double>());
    }
}
