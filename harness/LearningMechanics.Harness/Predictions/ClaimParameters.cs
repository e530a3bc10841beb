using System.Globalization;
using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Harness.Predictions;

/// <summary>The values of a claim's parameters for one run: the tier's defaults with any overrides applied.</summary>
public sealed class ClaimParameters
{
    private readonly Dictionary<string, object> values;
    private readonly IReadOnlyList<ParameterSpec> specs;

    private ClaimParameters(IReadOnlyList<ParameterSpec> specs, Dictionary<string, object> values)
    {
        this.specs = specs;
        this.values = values;
    }

    public static ClaimParameters Defaults(IReadOnlyList<ParameterSpec> specs, Tier tier) =>
        new(specs, specs.ToDictionary(s => s.Name, s => s.Parse(s.Default(tier)), StringComparer.Ordinal));

    /// <summary>A copy with some parameters set from text; an unknown name lists the valid ones.</summary>
    public ClaimParameters With(IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var copy = new Dictionary<string, object>(values, StringComparer.Ordinal);
        foreach (var (name, text) in overrides)
        {
            var spec = specs.FirstOrDefault(s => s.Name == name)
                ?? throw new ArgumentException($"Unknown parameter '{name}'. Valid: {string.Join(", ", specs.Select(s => $"{s.Name} ({s.TypeName})"))}.");
            copy[name] = spec.Parse(text);
        }
        return new ClaimParameters(specs, copy);
    }

    public ClaimParameters With(params (string Name, string Value)[] overrides) =>
        With(overrides.Select(o => KeyValuePair.Create(o.Name, o.Value)));

    public double Real(string name) => Get<double>(name);

    public int Integer(string name) => Get<int>(name);

    public IReadOnlyList<double> Reals(string name) => Get<double[]>(name);

    public string Choice(string name) => Get<string>(name);

    /// <summary>Every value as text, in declaration order (for records and reports).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AsText() =>
        specs.Select(s => KeyValuePair.Create(s.Name, Format(values[s.Name]))).ToList();

    public override string ToString() => string.Join(", ", AsText().Select(kv => $"{kv.Key}={kv.Value}"));

    private T Get<T>(string name) =>
        values.TryGetValue(name, out var v)
            ? v is T t ? t : throw new InvalidOperationException($"Parameter '{name}' is {v.GetType().Name}, not {typeof(T).Name}.")
            : throw new KeyNotFoundException($"The claim declares no parameter '{name}'.");

    private static string Format(object v) => v switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double[] list => string.Join(",", list.Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        _ => v.ToString() ?? "",
    };
}
