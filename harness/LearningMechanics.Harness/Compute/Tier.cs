namespace LearningMechanics.Harness.Compute;

/// <summary>Smoke: CPU-sized, the default. Full: wider, longer, more seeds; opt-in with LM_TIER=full.</summary>
public enum Tier { Smoke, Full }

public static class TierSetting
{
    public const string Variable = "LM_TIER";

    public static Tier Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "smoke" => Tier.Smoke,
        "full" => Tier.Full,
        _ => throw new ArgumentException($"{Variable}='{text}' is not a tier; use 'smoke' or 'full'."),
    };

    public static Tier FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    public static string Name(this Tier tier) => tier == Tier.Full ? "full" : "smoke";
}
