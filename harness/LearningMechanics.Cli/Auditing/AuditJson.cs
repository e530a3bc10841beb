using System.Text.Json;
using System.Text.Json.Nodes;

namespace LearningMechanics.Cli.Auditing;

/// <summary>
/// The --json file of `lm audit`: one object per claim with claim, runs, holds, falsified, inconclusive, spread (per
/// predicted quantity: mean, sd, min, max over offsets, and the predicted region), plus errors, the control's tally,
/// the resolving margin and at how many offsets it was resolved. Non-finite numbers are strings, as in run records.
/// </summary>
public static class AuditJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(IReadOnlyList<ClaimAudit> audits, IReadOnlyDictionary<string, string> margins) =>
        new JsonArray(audits.Select(a => (JsonNode)Claim(a, margins.GetValueOrDefault(a.Claim, ""))).ToArray()).ToJsonString(Options) + "\n";

    private static JsonObject Claim(ClaimAudit audit, string margin) => new()
    {
        ["claim"] = audit.Claim,
        ["runs"] = audit.Claims.Runs,
        ["holds"] = audit.Claims.Holds,
        ["falsified"] = audit.Claims.Falsified,
        ["inconclusive"] = audit.Claims.Inconclusive,
        ["errors"] = audit.Claims.Errors,
        ["spread"] = new JsonArray(audit.Spread.Select(s => (JsonNode)new JsonObject
        {
            ["quantity"] = s.Quantity,
            ["count"] = s.Count,
            ["mean"] = Number(s.Mean),
            ["sd"] = Number(s.Sd),
            ["min"] = Number(s.Min),
            ["max"] = Number(s.Max),
            ["predicted_low"] = Number(s.PredictedLow),
            ["predicted_high"] = Number(s.PredictedHigh),
            ["half_width_over_sd"] = Number(s.HalfWidthOverSd),
        }).ToArray()),
        ["control"] = new JsonObject
        {
            ["runs"] = audit.Controls.Runs,
            ["falsified"] = audit.Controls.Falsified,
            ["falsified_by_finite_measurement"] = audit.ControlsShown,
            ["holds"] = audit.Controls.Holds,
            ["inconclusive"] = audit.Controls.Inconclusive,
            ["errors"] = audit.Controls.Errors,
        },
        ["resolving_margin"] = margin,
        ["resolved"] = audit.Resolved,
        ["offsets"] = new JsonArray(audit.Offsets.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()),
        ["passes"] = audit.Passes,
    };

    private static JsonNode Number(double x) => double.IsFinite(x) ? JsonValue.Create(x) : JsonValue.Create(x.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
