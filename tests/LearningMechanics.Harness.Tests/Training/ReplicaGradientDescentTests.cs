using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Training;

public sealed class ReplicaGradientDescentTests
{
    /// <summary>Two steps on L = ½Σθ² (g = θ): θ ← θ·(1 − c·lr_r·s) per step, with a per-replica rate, a multiplier and a schedule factor.</summary>
    [Fact]
    public void StepsEachReplicaWithItsOwnLearningRate()
    {
        using var scope = torch.NewDisposeScope();
        double[,] start = { { 1.0, -2.0 }, { 0.5, 3.0 } };
        var theta = torch.tensor(new[] { 1.0, -2.0, 0.5, 3.0 }, dtype: torch.ScalarType.Float64).reshape(2, 2).requires_grad_(true);
        double[] rates = [0.1, 0.01];
        const double scale = 4.0;
        using var sgd = new ReplicaGradientDescent([theta], [scale], rates);

        sgd.Step([theta.detach().clone()]);
        sgd.LearningRateMultiplier = 0.5;
        sgd.Step([theta.detach().clone()]);

        for (int r = 0; r < 2; r++)
            for (int j = 0; j < 2; j++)
            {
                double expected = start[r, j] * (1 - rates[r] * scale) * (1 - 0.5 * rates[r] * scale);
                Assert.Equal(expected, theta[r, j].item<double>(), 12);
            }
        Assert.Equal(2, sgd.Steps);
    }

    [Fact]
    public void RejectsMismatchedReplicasRatesAndGradients()
    {
        using var theta = torch.zeros(3, 2, dtype: torch.ScalarType.Float64).requires_grad_(true);
        Assert.Throws<ArgumentException>(() => new ReplicaGradientDescent([theta], [1.0], [0.1, 0.1]));
        Assert.Throws<ArgumentException>(() => new ReplicaGradientDescent([theta], [1.0], [0.1, 0.1, -1.0]));
        Assert.Throws<ArgumentException>(() => new ReplicaGradientDescent([theta], [0.0], [0.1, 0.1, 0.1]));
        using var sgd = new ReplicaGradientDescent([theta], [1.0], [0.1, 0.1, 0.1]);
        using var wrong = torch.zeros(3, 3, dtype: torch.ScalarType.Float64);
        Assert.Throws<ArgumentException>(() => sgd.Step([wrong]));
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRateMultiplier = -1);
    }
}
