using LearningMechanics.Harness.Statistics;

namespace LearningMechanics.Harness.Predictions;

/// <summary>
/// What a theory says one measured quantity must be: a region [Low, High] computed from the parameters,
/// with the formula it came from and the reason for its width. Never a measured number typed in.
/// </summary>
public sealed record Prediction(string Quantity, string Formula, double Low, double High, string ToleranceReason)
{
    /// <summary>A value predicted to lie within ± <paramref name="relative"/> of <paramref name="center"/>.</summary>
    public static Prediction Around(string quantity, string formula, double center, double relative, string toleranceReason) =>
        new(quantity, formula, center - Math.Abs(center) * relative, center + Math.Abs(center) * relative, toleranceReason);

    /// <summary>A value predicted to lie within ± <paramref name="absolute"/> of <paramref name="center"/>.</summary>
    public static Prediction Within(string quantity, string formula, double center, double absolute, string toleranceReason) =>
        new(quantity, formula, center - absolute, center + absolute, toleranceReason);

    /// <summary>The same region moved by <paramref name="delta"/>, under another formula text (used to test resolving power).</summary>
    public Prediction Shifted(double delta, string formula) => this with { Low = Low + delta, High = High + delta, Formula = formula };

    public Check Evaluate(Estimate measured)
    {
        if (Low > High) throw new InvalidOperationException($"Prediction for {Quantity} has Low {Low} above High {High}.");
        Verdict verdict;
        string reason;
        if (!measured.IsFinite)
        {
            verdict = Verdict.Falsified;
            reason = "the measurement is not finite (the run diverged or the quantity is undefined)";
        }
        else if (measured.Low >= Low && measured.High <= High)
        {
            verdict = Verdict.Holds;
            reason = "inside";
        }
        else if (measured.High < Low || measured.Low > High)
        {
            verdict = Verdict.Falsified;
            reason = "outside";
        }
        else
        {
            verdict = Verdict.Inconclusive;
            reason = $"straddles the edge of (n = {measured.Count}); more seeds or steps are needed to decide";
        }
        string region = $"[{Estimate.Format(Low)}, {Estimate.Format(High)}]";
        string explanation = verdict == Verdict.Inconclusive
            ? $"{Quantity} = {measured} {reason.Replace("(n", region + " (n", StringComparison.Ordinal)}"
            : $"{Quantity} = {measured} {reason} {region} ({Formula})";
        return new Check(this, measured, verdict, explanation);
    }
}

/// <summary>One prediction set against its measurement.</summary>
public sealed record Check(Prediction Prediction, Estimate Measured, Verdict Verdict, string Explanation);
