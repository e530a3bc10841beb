using LearningMechanics.Harness.Statistics;

namespace LearningMechanics.Harness.Predictions;

/// <summary>A curve for a figure: x and y, with an optional label (e.g. a seed or a learning rate).</summary>
public sealed record Curve(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>What a claim's experiment measured: named quantities with intervals, and curves for figures.</summary>
public sealed class Measurement
{
    private readonly Dictionary<string, Estimate> quantities = new(StringComparer.Ordinal);
    private readonly List<Curve> curves = [];

    public IReadOnlyDictionary<string, Estimate> Quantities => quantities;

    public IReadOnlyList<Curve> Curves => curves;

    public Measurement Add(string name, Estimate estimate)
    {
        if (!quantities.TryAdd(name, estimate)) throw new ArgumentException($"Quantity '{name}' was measured twice.");
        return this;
    }

    public Measurement AddCurve(Curve curve)
    {
        curves.Add(curve);
        return this;
    }

    public Estimate this[string name] => quantities.TryGetValue(name, out var e)
        ? e
        : throw new KeyNotFoundException($"No quantity '{name}' was measured; measured: {string.Join(", ", quantities.Keys)}.");
}
