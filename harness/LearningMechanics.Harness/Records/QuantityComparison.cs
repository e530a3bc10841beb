namespace LearningMechanics.Harness.Records;

/// <summary>One quantity of a received record set against the approved one.</summary>
public sealed record QuantityComparison(string Name, double? Approved, double? Received, double Allowed, bool Matches, string Note)
{
    public double Difference => Approved is double a && Received is double r ? r - a : double.NaN;

    /// <summary>
    /// Matches when |received − approved| ≤ max(absolute, relative·max(|approved|, |received|)) (the declared
    /// tolerance), or ≤ √(h_a² + h_r²) where h is each run's CI half-width (the combined CIs). Symmetric in the two
    /// records; NaN never matches.
    /// </summary>
    public static QuantityComparison Compare(QuantityRecord approved, QuantityRecord received)
    {
        var tolerance = approved.Tolerance;
        double a = approved.Estimate, r = received.Estimate;
        double declared = Math.Max(tolerance.Absolute, tolerance.Relative * Math.Max(Math.Abs(a), Math.Abs(r)));
        double combined = Math.Sqrt(Square(HalfWidth(approved)) + Square(HalfWidth(received)));
        double allowed = Math.Max(declared, double.IsFinite(combined) ? combined : 0);
        double difference = Math.Abs(r - a);
        bool matches = double.IsFinite(difference) && difference <= allowed;
        string note = !double.IsFinite(difference) ? "not finite"
            : matches ? (difference <= declared ? "within tolerance" : "within combined CIs")
            : "moved";
        return new QuantityComparison(approved.Name, a, r, allowed, matches, note);
    }

    public static QuantityComparison OnlyApproved(QuantityRecord approved) =>
        new(approved.Name, approved.Estimate, null, 0, false, "no longer measured");

    public static QuantityComparison OnlyReceived(QuantityRecord received) =>
        new(received.Name, null, received.Estimate, 0, false, "not in the baseline");

    private static double HalfWidth(QuantityRecord q) => (q.CiHigh - q.CiLow) / 2;

    private static double Square(double x) => x * x;
}
