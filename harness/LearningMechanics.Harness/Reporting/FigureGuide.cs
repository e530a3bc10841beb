namespace LearningMechanics.Harness.Reporting;

/// <summary>A prediction drawn over a figure's measured curves, with its legend label.</summary>
public abstract record FigureGuide(string Label);

/// <summary>
/// A horizontal band low ≤ y ≤ high across the plot (a predicted region). With <paramref name="CurvePrefix"/> it takes
/// the colour of that curve group, so each group can have its own band (e.g. 2/lr·[0.9, 1.1] per learning rate).
/// </summary>
public sealed record PredictedBand(double Low, double High, string Label, string? CurvePrefix = null) : FigureGuide(Label);

/// <summary>A horizontal line y = <paramref name="Y"/> (e.g. the level a logistic curve saturates at); dashed grey when it is a rival's.</summary>
public sealed record PredictedLevel(double Y, string Label, bool Rival = false) : FigureGuide(Label);

/// <summary>
/// A power law y ∝ x^<paramref name="Exponent"/> through the first plotted point (the first curve's first point with
/// x, y &gt; 0); a straight line on log-log axes. Dashed grey when it is a rival's.
/// </summary>
public sealed record PredictedPowerLaw(double Exponent, string Label, bool Rival = false) : FigureGuide(Label);
