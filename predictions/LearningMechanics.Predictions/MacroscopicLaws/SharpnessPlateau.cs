using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Predictions.MacroscopicLaws;

/// <summary>
/// How the edge-of-stability claims reduce one seed's sharpness trajectory to a number: the median of
/// sharpness/threshold over the late window. A run that diverged ends its trajectory with a NaN at the step it was
/// seen, so its window holds a non-finite value (or nothing) and the seed counts as NaN: a falsification, not a gap.
/// </summary>
internal static class SharpnessPlateau
{
    /// <summary>The first step of the late window: the final <c>late_fraction</c> of <c>steps</c>.</summary>
    public static int LateFrom(ClaimParameters p) => (int)Math.Floor(p.Integer("steps") * (1 - p.Real("late_fraction")));

    /// <summary>Median of sharpness·<paramref name="scale"/> over probes at or after <paramref name="from"/>; NaN if none or any is not finite.</summary>
    public static double LateMedian(IReadOnlyList<int> steps, IReadOnlyList<double> sharpness, int from, double scale)
    {
        if (steps.Count != sharpness.Count) throw new ArgumentException("One sharpness value per probe step is needed.", nameof(sharpness));
        var late = steps.Zip(sharpness).Where(s => s.First >= from).Select(s => s.Second * scale).ToList();
        return late.Count == 0 || late.Any(v => !double.IsFinite(v)) ? double.NaN : Median(late);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
