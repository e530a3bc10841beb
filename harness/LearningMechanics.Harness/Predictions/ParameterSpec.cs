using System.Globalization;
using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Harness.Predictions;

/// <summary>The type of a claim parameter, as `lm describe` shows it and `--set` parses it.</summary>
public enum ParameterKind { Real, Integer, RealList, Choice }

/// <summary>
/// One public parameter of a claim (`lm run CLAIM --set name=value`): its type, default per tier, meaning,
/// and the values it accepts. Names are the symbols' plain names: lr, width, depth, steps, init_scale, ….
/// </summary>
public sealed record ParameterSpec(string Name, ParameterKind Kind, string Smoke, string Full, string Meaning)
{
    /// <summary>Smallest value a number (or each number of a list) may take; null means unbounded.</summary>
    public double? Minimum { get; init; }

    /// <summary>Whether the minimum itself is excluded (e.g. a learning rate must be above 0).</summary>
    public bool MinimumExclusive { get; init; }

    /// <summary>The allowed words of a <see cref="ParameterKind.Choice"/>.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    public static ParameterSpec Real(string name, double smoke, double full, string meaning, double? min = null, bool exclusive = false) =>
        new(name, ParameterKind.Real, Text(smoke), Text(full), meaning) { Minimum = min, MinimumExclusive = exclusive };

    public static ParameterSpec Integer(string name, int smoke, int full, string meaning, int min = 1) =>
        new(name, ParameterKind.Integer, Text(smoke), Text(full), meaning) { Minimum = min };

    public static ParameterSpec Reals(string name, double[] smoke, double[] full, string meaning, double? min = null, bool exclusive = false) =>
        new(name, ParameterKind.RealList, string.Join(",", smoke.Select(Text)), string.Join(",", full.Select(Text)), meaning) { Minimum = min, MinimumExclusive = exclusive };

    public static ParameterSpec Choice(string name, string smoke, string full, string meaning, params string[] choices) =>
        new(name, ParameterKind.Choice, smoke, full, meaning) { Choices = choices };

    public string Default(Tier tier) => tier == Tier.Full ? Full : Smoke;

    public string TypeName => Kind switch
    {
        ParameterKind.Real => "real",
        ParameterKind.Integer => "integer",
        ParameterKind.RealList => "list of reals",
        _ => "one of " + string.Join("|", Choices),
    };

    /// <summary>Parses a value of this parameter, or throws an <see cref="ArgumentException"/> that says what is expected.</summary>
    public object Parse(string text)
    {
        string expected = $"{Name} expects {TypeName}{RangeText()}";
        switch (Kind)
        {
            case ParameterKind.Real:
                return CheckRange(ParseReal(text, expected), expected);
            case ParameterKind.Integer:
                if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int i))
                    throw new ArgumentException($"'{text}' is not valid: {expected}.");
                return (int)CheckRange(i, expected);
            case ParameterKind.RealList:
                var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 0) throw new ArgumentException($"'{text}' is not valid: {expected} (comma-separated).");
                return parts.Select(p => CheckRange(ParseReal(p, expected), expected)).ToArray();
            default:
                string word = text.Trim();
                return Choices.FirstOrDefault(c => string.Equals(c, word, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ArgumentException($"'{text}' is not valid: {expected}.");
        }
    }

    private static double ParseReal(string text, string expected) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x)
            ? x
            : throw new ArgumentException($"'{text}' is not valid: {expected}.");

    private double CheckRange(double x, string expected)
    {
        if (Minimum is double min && (x < min || (MinimumExclusive && x == min)))
            throw new ArgumentException($"{Text(x)} is out of range: {expected}.");
        return x;
    }

    private string RangeText() => Minimum is double min ? (MinimumExclusive ? $" above {Text(min)}" : $" of at least {Text(min)}") : "";

    private static string Text(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
