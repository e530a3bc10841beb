using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Training;

public sealed class ReplicaAdamTests
{
    /// <summary>
    /// Two steps on L = ½Σθ² (g = θ) against Kingma &amp; Ba's Algorithm 1 computed by hand, with a different learning
    /// rate per replica and a multiplier on the parameter.
    /// </summary>
    [Fact]
    public void MatchesAlgorithmOneWithPerReplicaLearningRates()
    {
        using var scope = torch.NewDisposeScope();
        double[,] start = { { 1.0, -2.0 }, { 0.5, 3.0 } };
        var theta = torch.tensor(new[] { 1.0, -2.0, 0.5, 3.0 }, dtype: torch.ScalarType.Float64).reshape(2, 2).requires_grad_(true);
        double[] rates = [0.1, 0.01];
        const double scale = 0.5, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        using var adam = new ReplicaAdam([theta], [scale], rates, b1, b2, eps);

        for (int step = 0; step < 2; step++) adam.Step([theta.detach().clone()]);

        for (int r = 0; r < 2; r++)
            for (int j = 0; j < 2; j++)
            {
                double p = start[r, j], m = 0, v = 0;
                for (int t = 1; t <= 2; t++)
                {
                    double g = p;
                    m = b1 * m + (1 - b1) * g;
                    v = b2 * v + (1 - b2) * g * g;
                    p -= rates[r] * scale * (m / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v / (1 - Math.Pow(b2, t))) + eps);
                }
                Assert.Equal(p, theta[r, j].item<double>(), 12);
            }
        Assert.Equal(2, adam.Steps);
    }

    [Fact]
    public void RejectsAParameterWithoutOneSlicePerReplica()
    {
        using var theta = torch.zeros(3, 2, dtype: torch.ScalarType.Float64).requires_grad_(true);
        Assert.Throws<ArgumentException>(() => new ReplicaAdam([theta], [1.0], [0.1, 0.1]));
        Assert.Throws<ArgumentException>(() => new ReplicaAdam([theta], [1.0], [0.1, 0.1, -1.0]));
    }
}
