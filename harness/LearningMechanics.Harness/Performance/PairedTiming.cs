using System.Diagnostics;

namespace LearningMechanics.Harness.Performance;

/// <summary>
/// Times two workloads back to back, alternating, and reports each one's median and the median of their per-round
/// ratio. On a shared machine load comes and goes; a ratio taken within one round sees the same load on both sides,
/// so it is steadier than the ratio of two separately measured medians.
/// </summary>
public sealed record PairedTiming(double NumeratorSeconds, double DenominatorSeconds, double Ratio)
{
    /// <param name="numerator">One call of the first workload (seconds are per call).</param>
    /// <param name="denominator">One call of the second workload.</param>
    /// <param name="warmup">Untimed rounds first: allocator pools, thread pools and first-call costs settle.</param>
    /// <param name="rounds">Timed rounds; each round times both workloads.</param>
    /// <param name="numeratorCalls">Calls per timed sample of the first workload, so a sample spans well over the timer's resolution.</param>
    /// <param name="denominatorCalls">Calls per timed sample of the second workload.</param>
    public static PairedTiming Measure(Action numerator, Action denominator, int warmup, int rounds, int numeratorCalls = 1, int denominatorCalls = 1)
    {
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(rounds), rounds, "At least one timed round.");
        for (int i = 0; i < warmup; i++)
        {
            numerator();
            denominator();
        }
        var a = new double[rounds];
        var b = new double[rounds];
        var ratios = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            a[r] = Seconds(numerator, numeratorCalls);
            b[r] = Seconds(denominator, denominatorCalls);
            ratios[r] = a[r] / b[r];
        }
        return new PairedTiming(Median(a), Median(b), Median(ratios));
    }

    /// <summary>Mean seconds per call over <paramref name="calls"/> consecutive calls.</summary>
    public static double Seconds(Action action, int calls)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) action();
        return clock.Elapsed.TotalSeconds / calls;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
