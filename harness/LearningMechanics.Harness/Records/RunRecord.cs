using System.Text.Json.Serialization;

namespace LearningMechanics.Harness.Records;

/// <summary>
/// One claim run as written to artifacts/records/{run}/{claim}.json and, once approved, to the baselines folder:
/// what ran (claim, parameters, tier, device, dtype, seeds), on what (versions, commit), how long, what was measured,
/// what was predicted, and the verdict. <see cref="Schema"/> changes whenever a field's meaning does.
/// </summary>
public sealed record RunRecord
{
    public const int CurrentSchema = 1;

    [JsonPropertyName("schema")] public required int Schema { get; init; }
    [JsonPropertyName("claim")] public required string Claim { get; init; }
    [JsonPropertyName("control")] public required bool Control { get; init; }
    [JsonPropertyName("parameters")] public required IReadOnlyDictionary<string, string> Parameters { get; init; }
    [JsonPropertyName("tier")] public required string Tier { get; init; }
    [JsonPropertyName("device")] public required string Device { get; init; }
    [JsonPropertyName("dtype")] public required string DType { get; init; }
    [JsonPropertyName("seeds")] public required IReadOnlyList<long> Seeds { get; init; }
    [JsonPropertyName("versions")] public required IReadOnlyDictionary<string, string> Versions { get; init; }
    [JsonPropertyName("commit")] public string? Commit { get; init; }
    [JsonPropertyName("wall_seconds")] public required double WallSeconds { get; init; }
    [JsonPropertyName("quantities")] public required IReadOnlyList<QuantityRecord> Quantities { get; init; }
    [JsonPropertyName("curves")] public required IReadOnlyList<CurveRecord> Curves { get; init; }
    [JsonPropertyName("predictions")] public required IReadOnlyList<PredictionRecord> Predictions { get; init; }
    [JsonPropertyName("verdict")] public required string Verdict { get; init; }
    [JsonPropertyName("explanation")] public required string Explanation { get; init; }
}

/// <summary>A measured quantity: estimate, confidence interval, the number of samples behind it, and how far it may drift from its baseline.</summary>
public sealed record QuantityRecord
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("estimate")] public required double Estimate { get; init; }
    [JsonPropertyName("ci_low")] public required double CiLow { get; init; }
    [JsonPropertyName("ci_high")] public required double CiHigh { get; init; }
    [JsonPropertyName("count")] public required int Count { get; init; }
    [JsonPropertyName("tolerance")] public required ToleranceRecord Tolerance { get; init; }
}

/// <summary>A declared drift tolerance: absolute and relative parts (either may be 0) and the reason for them.</summary>
public sealed record ToleranceRecord
{
    [JsonPropertyName("absolute")] public required double Absolute { get; init; }
    [JsonPropertyName("relative")] public required double Relative { get; init; }
    [JsonPropertyName("reason")] public required string Reason { get; init; }
}

/// <summary>A curve for figures, downsampled to at most a few hundred points.</summary>
public sealed record CurveRecord
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("x")] public required IReadOnlyList<double> X { get; init; }
    [JsonPropertyName("y")] public required IReadOnlyList<double> Y { get; init; }
}

/// <summary>A prediction and its verdict against the measured quantity of the same name.</summary>
public sealed record PredictionRecord
{
    [JsonPropertyName("quantity")] public required string Quantity { get; init; }
    [JsonPropertyName("formula")] public required string Formula { get; init; }
    [JsonPropertyName("low")] public required double Low { get; init; }
    [JsonPropertyName("high")] public required double High { get; init; }
    [JsonPropertyName("tolerance_reason")] public required string ToleranceReason { get; init; }
    [JsonPropertyName("verdict")] public required string Verdict { get; init; }
    [JsonPropertyName("explanation")] public required string Explanation { get; init; }
}
