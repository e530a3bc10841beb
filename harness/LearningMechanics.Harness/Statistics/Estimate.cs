using System.Diagnostics;
using System.Globalization;

namespace LearningMechanics.Harness.Statistics;

/// <summary>A measured value with its confidence interval and the number of independent samples (usually seeds) behind it.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public readonly record struct Estimate(double Value, double Low, double High, int Count)
{
    /// <summary>An exact value (an identity, or one deterministic computation): its interval is the point.</summary>
    public static Estimate Exact(double value) => new(value, value, value, 1);

    public bool IsFinite => double.IsFinite(Value) && double.IsFinite(Low) && double.IsFinite(High);

    public override string ToString() => Low == High
        ? Format(Value)
        : $"{Format(Value)} [{Format(Low)}, {Format(High)}]";

    public static string Format(double x) =>
        double.IsNaN(x) ? "NaN"
        : double.IsInfinity(x) ? (x > 0 ? "+Inf" : "-Inf")
        : x.ToString(Math.Abs(x) is >= 1e-3 and < 1e5 or 0 ? "0.####" : "0.###e0", CultureInfo.InvariantCulture);
}
