using LearningMechanics.Harness.Theory;

namespace LearningMechanics.Harness.Tests.Theory;

public sealed class OnlineSgdRiskTests
{
    [Fact]
    public void MatchesMonteCarloSgdOnGaussianInputs()
    {
        // Three modes, batch 2, label noise, a decaying schedule: the regime where the η²/B terms matter.
        double[] spectrum = [1.0, 0.4, 0.1];
        double[] target = [1.0, -0.5, 2.0];
        const double Noise = 0.3;
        const int Batch = 2, Steps = 40, Replicas = 40_000;
        double Rate(int t) => 0.8 * (1 - t / 50.0);
        int[] probes = [0, 5, 20, 40];
        var predicted = OnlineSgdRisk.ExpectedLoss(spectrum, target.Select(v => v * v).ToList(), Noise, Batch, Rate, probes);

        var random = new Random(7);
        var sums = new double[probes.Length];
        var squares = new double[probes.Length];
        var w = new double[3];
        var x = new double[3];
        var g = new double[3];
        for (int r = 0; r < Replicas; r++)
        {
            Array.Clear(w);
            int next = 0;
            for (int t = 0; t <= Steps; t++)
            {
                if (next < probes.Length && probes[next] == t)
                {
                    double loss = 0.5 * Noise;
                    for (int k = 0; k < 3; k++) loss += 0.5 * spectrum[k] * (w[k] - target[k]) * (w[k] - target[k]);
                    sums[next] += loss;
                    squares[next] += loss * loss;
                    next++;
                }
                if (t == Steps) break;
                Array.Clear(g);
                for (int b = 0; b < Batch; b++)
                {
                    double error = -Math.Sqrt(Noise) * Gaussian(random);
                    for (int k = 0; k < 3; k++)
                    {
                        x[k] = Math.Sqrt(spectrum[k]) * Gaussian(random);
                        error += x[k] * (w[k] - target[k]);
                    }
                    for (int k = 0; k < 3; k++) g[k] += x[k] * error / Batch;
                }
                for (int k = 0; k < 3; k++) w[k] -= Rate(t) * g[k];
            }
        }
        for (int i = 0; i < probes.Length; i++)
        {
            double mean = sums[i] / Replicas;
            double se = Math.Sqrt(Math.Max(0, squares[i] / Replicas - mean * mean) / Replicas);
            Assert.True(Math.Abs(mean - predicted[i]) < 4 * se + 1e-9, $"step {probes[i]}: Monte Carlo {mean} ± {se}, recursion {predicted[i]}");
        }
        // The noise terms matter here: full-batch GD would end well below the SGD risk.
        var gd = OnlineSgdRisk.ExpectedLoss(spectrum, target.Select(v => v * v).ToList(), Noise, 1_000_000_000, Rate, probes);
        Assert.True(predicted[^1] > 1.05 * gd[^1]);
    }

    [Fact]
    public void LargeBatchReducesToGradientDescent()
    {
        double[] spectrum = [1.0, 0.25];
        double[] squared = [2.0, 3.0];
        var risk = OnlineSgdRisk.ExpectedLoss(spectrum, squared, 0.1, int.MaxValue, _ => 0.5, [0, 10]);
        double expected = 0.5 * (0.1 + spectrum.Select((l, k) => l * squared[k] * Math.Pow(1 - 0.5 * l, 20)).Sum());
        Assert.Equal(0.5 * (0.1 + 1.0 * 2.0 + 0.25 * 3.0), risk[0], 12);
        Assert.Equal(expected, risk[1], 9);
    }

    [Fact]
    public void RejectsMismatchedInputs()
    {
        Assert.Throws<ArgumentException>(() => OnlineSgdRisk.ExpectedLoss([1.0], [1.0, 2.0], 0, 1, _ => 0.1, [0]));
        Assert.Throws<ArgumentException>(() => OnlineSgdRisk.ExpectedLoss([1.0], [1.0], 0, 1, _ => 0.1, [3, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnlineSgdRisk.ExpectedLoss([1.0], [1.0], 0, 0, _ => 0.1, [0]));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
