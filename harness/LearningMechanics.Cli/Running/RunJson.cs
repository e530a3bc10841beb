using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Records;

namespace LearningMechanics.Cli.Running;

/// <summary>
/// The --json file: an array with one object per run, for scripts. Numbers are typed (parameters too); a quantity a
/// diverged run left non-finite is the string "NaN" or "Infinity", as in run records. An experiment that threw has
/// verdict "Error" and an "error" message instead of measurements.
/// </summary>
public static class RunJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(IReadOnlyList<RunResult> results, Tier tier, string device) =>
        new JsonArray(results.Select(r => (JsonNode)Run(r, tier, device)).ToArray()).ToJsonString(Options) + "\n";

    private static JsonObject Run(RunResult result, Tier tier, string device)
    {
        var run = result.Run;
        var json = new JsonObject
        {
            ["claim"] = run.Claim.Id,
            ["control"] = run.IsControl,
            ["tier"] = tier.Name(),
            ["device"] = device,
            ["parameters"] = Parameters(run.Claim, run.Parameters),
            ["seeds"] = new JsonArray(run.Seeds.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
        };
        if (result.Record is not { } record)
        {
            json["verdict"] = "Error";
            json["error"] = result.Error;
            json["wall_seconds"] = Math.Round(result.WallSeconds, 3);
            return json;
        }
        json["quantities"] = new JsonArray(record.Quantities.Select(q => (JsonNode)new JsonObject
        {
            ["name"] = q.Name,
            ["estimate"] = Number(q.Estimate),
            ["ci_low"] = Number(q.CiLow),
            ["ci_high"] = Number(q.CiHigh),
            ["count"] = q.Count,
        }).ToArray());
        json["predictions"] = new JsonArray(record.Predictions.Select(p => (JsonNode)Prediction(p, withQuantity: true)).ToArray());
        json["prediction"] = record.Predictions.Count > 0 ? Prediction(record.Predictions[0], withQuantity: false) : null;
        json["verdict"] = record.Verdict;
        json["expected"] = run.Expected.ToString();
        json["explanation"] = record.Explanation;
        json["wall_seconds"] = record.WallSeconds;
        json["record"] = result.RecordPath;
        return json;
    }

    private static JsonObject Prediction(PredictionRecord p, bool withQuantity)
    {
        var json = new JsonObject();
        if (withQuantity) json["quantity"] = p.Quantity;
        // The first check stands alone at the top level, so its description names the quantity too.
        json["description"] = withQuantity ? p.Formula : $"{p.Quantity}: {p.Formula}";
        json["low"] = Number(p.Low);
        json["high"] = Number(p.High);
        json["verdict"] = p.Verdict;
        json["explanation"] = p.Explanation;
        return json;
    }

    private static JsonObject Parameters(Claim claim, ClaimParameters parameters)
    {
        var kinds = claim.Parameters.ToDictionary(s => s.Name, s => s.Kind, StringComparer.Ordinal);
        var json = new JsonObject();
        foreach (var (name, text) in parameters.AsText())
            json[name] = kinds.GetValueOrDefault(name, ParameterKind.Choice) switch
            {
                ParameterKind.Real or ParameterKind.Integer => Number(double.Parse(text, CultureInfo.InvariantCulture)),
                ParameterKind.RealList => new JsonArray(text.Split(',').Select(t => Number(double.Parse(t, CultureInfo.InvariantCulture))).ToArray()),
                _ => JsonValue.Create(text),
            };
        return json;
    }

    private static JsonNode Number(double x) =>
        double.IsFinite(x) ? JsonValue.Create(x)
        : JsonValue.Create(double.IsNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity");
}
