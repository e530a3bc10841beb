namespace LearningMechanics.Cli.Running;

/// <summary>The --set name=value pairs of a run, in the order given (a later value for the same name wins).</summary>
public static class ParameterOverrides
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(IEnumerable<string> settings) =>
        settings.Select(ParseOne).ToList();

    private static KeyValuePair<string, string> ParseOne(string setting)
    {
        int equals = setting.IndexOf('=', StringComparison.Ordinal);
        string name = equals > 0 ? setting[..equals].Trim() : "";
        if (name.Length == 0)
            throw new UsageException($"--set '{setting}' is not name=value (for example --set lr=0.05; lm describe CLAIM lists the parameters).");
        return KeyValuePair.Create(name, setting[(equals + 1)..]);
    }
}
