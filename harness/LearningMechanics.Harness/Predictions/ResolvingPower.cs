using System.Globalization;

namespace LearningMechanics.Harness.Predictions;

/// <summary>
/// The smallest deviation from the prediction that a claim's smoke test declares it can detect: every predicted
/// region moved by <see cref="Margin"/> (a fraction of the region's centre when <see cref="Relative"/>, else in the
/// quantity's own units), up or down, must be falsified by the same measurement. Example: "tells 2/lr from 2.3/lr" is
/// <c>Relative(0.15, …)</c>. A meta-test asserts it for every claim and the report shows it beside the verdict.
/// </summary>
public sealed record ResolvingPower(double Margin, bool Relative, string Description)
{
    public static ResolvingPower RelativeShift(double fraction, string description) => new(Positive(fraction), true, description);

    public static ResolvingPower AbsoluteShift(double amount, string description) => new(Positive(amount), false, description);

    /// <summary>The predictions moved by the margin in the direction of <paramref name="sign"/> (+1 or −1).</summary>
    public IReadOnlyList<Prediction> Perturb(IReadOnlyList<Prediction> predictions, int sign)
    {
        if (sign is not (1 or -1)) throw new ArgumentOutOfRangeException(nameof(sign), sign, "sign must be +1 or −1");
        return predictions.Select(p =>
        {
            double center = (p.Low + p.High) / 2;
            double delta = sign * (Relative ? Margin * Math.Abs(center) : Margin);
            return p.Shifted(delta, $"{p.Formula}, shifted by {(sign > 0 ? "+" : "−")}{Text}");
        }).ToList();
    }

    /// <summary>The margin as the report prints it (after a ±): "15%" or "0.25", in every culture.</summary>
    public string Text => Relative
        ? (Margin * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%"
        : Margin.ToString("0.####", CultureInfo.InvariantCulture);

    private static double Positive(double margin) =>
        margin > 0 && double.IsFinite(margin) ? margin : throw new ArgumentOutOfRangeException(nameof(margin), margin, "a resolving margin must be positive and finite");
}
