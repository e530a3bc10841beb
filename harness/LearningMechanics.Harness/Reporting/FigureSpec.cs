namespace LearningMechanics.Harness.Reporting;

/// <summary>
/// How a claim's figure is drawn from its run record: which curves, the axis titles, linear or log-log axes, and what
/// the theory predicts drawn over the data (<see cref="FigureGuide"/>: a band, a level, a power law).
/// </summary>
/// <example>
/// Sharpness against step with the band 2/lr·[0.9, 1.1] for each learning rate, in that curve group's colour:
/// <code>
/// new FigureSpec("GD step", "sharpness λ_max")
/// {
///     Curves = ["sharpness lr=0.15", "sharpness lr=0.25"],
///     Guides = [new PredictedBand(12, 14.667, "2/lr ±10%, lr=0.15", CurvePrefix: "sharpness lr=0.15"), …],
/// }
/// </code>
/// </example>
public sealed record FigureSpec(string XTitle, string YTitle)
{
    /// <summary>
    /// Curve-name prefixes to plot; each prefix is one group with one colour and one legend entry (e.g. all seeds of
    /// one learning rate). A prefix matches whole words (see <see cref="Matches"/>). Empty: every curve of the record,
    /// each in its own colour.
    /// </summary>
    public IReadOnlyList<string> Curves { get; init; } = [];

    /// <summary>Logarithmic x and y axes, for power laws; points with x ≤ 0 or y ≤ 0 are left out.</summary>
    public bool LogLog { get; init; }

    /// <summary>The predictions drawn over the measured curves, in the order given.</summary>
    public IReadOnlyList<FigureGuide> Guides { get; init; } = [];

    /// <summary>
    /// Whether a curve belongs to the group of <paramref name="prefix"/>: its name is the prefix or continues it after
    /// a space, so "sharpness lr=0.1" takes "sharpness lr=0.1 seed=2" but not "sharpness lr=0.15 seed=2".
    /// The empty prefix takes every curve.
    /// </summary>
    public static bool Matches(string curveName, string prefix) =>
        prefix.Length == 0
        || curveName == prefix
        || (curveName.StartsWith(prefix, StringComparison.Ordinal) && curveName.Length > prefix.Length && curveName[prefix.Length] == ' ');
}
