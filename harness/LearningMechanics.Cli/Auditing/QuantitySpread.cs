namespace LearningMechanics.Cli.Auditing;

/// <summary>
/// How one predicted quantity's point estimate scattered over the audited seed offsets, beside the predicted region:
/// a tolerance is justified when the region is wide against the spread (<see cref="HalfWidthOverSd"/>) and the region's
/// centre is near the mean.
/// </summary>
public sealed record QuantitySpread(string Quantity, int Count, double Mean, double Sd, double Min, double Max, double PredictedLow, double PredictedHigh)
{
    /// <summary>Half the predicted region's width in units of the estimates' standard deviation over offsets.</summary>
    public double HalfWidthOverSd => Sd > 0 ? (PredictedHigh - PredictedLow) / 2 / Sd : double.PositiveInfinity;

    public static QuantitySpread Of(string quantity, IReadOnlyList<double> estimates, double low, double high)
    {
        var finite = estimates.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return new(quantity, estimates.Count, double.NaN, double.NaN, double.NaN, double.NaN, low, high);
        double mean = finite.Average();
        double sd = finite.Count > 1 ? Math.Sqrt(finite.Sum(x => (x - mean) * (x - mean)) / (finite.Count - 1)) : 0;
        // Count is every offset's estimate; a non-finite one (a diverged run) shows as Count above the finite ones' statistics.
        return new(quantity, estimates.Count, mean, sd, finite.Min(), finite.Max(), low, high);
    }
}
