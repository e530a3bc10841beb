using MathNet.Numerics.Distributions;

namespace LearningMechanics.Harness.Statistics;

/// <summary>Aggregates one quantity measured once per seed into a mean with a Student-t confidence interval.</summary>
public static class SeedStatistics
{
    /// <summary>Two-sided level used for every interval in the suite unless a claim states otherwise.</summary>
    public const double DefaultLevel = 0.95;

    public static Estimate Mean(IReadOnlyList<double> perSeed, double level = DefaultLevel)
    {
        if (perSeed.Count == 0) throw new ArgumentException("No values to aggregate.", nameof(perSeed));
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), level, "The level must lie in (0, 1).");
        int n = perSeed.Count;
        double mean = perSeed.Average();
        if (n == 1 || perSeed.Any(v => !double.IsFinite(v))) return new Estimate(mean, mean, mean, n);
        double variance = perSeed.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        double half = StudentT.InvCDF(0, 1, n - 1, 0.5 + level / 2) * Math.Sqrt(variance / n);
        return new Estimate(mean, mean - half, mean + half, n);
    }
}
