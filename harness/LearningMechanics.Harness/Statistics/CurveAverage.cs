namespace LearningMechanics.Harness.Statistics;

/// <summary>Averages of several curves sampled on the same x grid (the seeds' or draws' curves shown in a figure).</summary>
public static class CurveAverage
{
    /// <summary>
    /// The pointwise geometric mean: the average a log-log figure shows as a straight line when every curve is a power
    /// law. Every value must be positive; a non-positive or non-finite value gives NaN at that point.
    /// </summary>
    public static List<double> Geometric(IReadOnlyList<IReadOnlyList<double>> curves)
    {
        if (curves.Count == 0) throw new ArgumentException("Need at least one curve.", nameof(curves));
        int length = curves[0].Count;
        if (curves.Any(c => c.Count != length)) throw new ArgumentException("Every curve needs the same number of points.", nameof(curves));
        return Enumerable.Range(0, length).Select(j => Math.Exp(curves.Average(c => Math.Log(c[j])))).ToList();
    }
}
