using System.Text.Json;
using System.Text.Json.Nodes;

namespace LearningMechanics.Harness.Records;

/// <summary>
/// Reads and writes <see cref="RunRecord"/> JSON. Reading validates everything a comparison relies on and names the
/// file and field of the first problem: invalid JSON, another schema version, a missing field, a non-finite number.
/// </summary>
public static class RecordJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // A diverged run measures NaN; records keep it as the literal "NaN" rather than failing to write.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(RunRecord record) => JsonSerializer.Serialize(record, Options) + "\n";

    public static RunRecord Read(string path, bool requireFinite)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new RecordFormatException(path, "(file)", $"cannot be read: {e.Message}", e);
        }
        return Parse(text, path, requireFinite);
    }

    /// <summary>Parses record JSON; <paramref name="requireFinite"/> rejects NaN and infinities (approved baselines must be finite).</summary>
    public static RunRecord Parse(string text, string path, bool requireFinite)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new RecordFormatException(path, "(document)", $"is not valid JSON ({e.Message})", e);
        }
        if (root is not JsonObject obj) throw new RecordFormatException(path, "(document)", "is not a JSON object");

        var schemaNode = obj["schema"] ?? throw new RecordFormatException(path, "schema", "is missing");
        int schema = schemaNode.GetValueKind() == JsonValueKind.Number ? schemaNode.GetValue<int>() : -1;
        if (schema != RunRecord.CurrentSchema)
            throw new RecordFormatException(path, "schema", $"is {schemaNode.ToJsonString()}, this build reads schema {RunRecord.CurrentSchema}; re-approve the baseline");

        foreach (string field in new[] { "claim", "control", "parameters", "tier", "device", "dtype", "seeds", "versions", "wall_seconds", "quantities", "curves", "predictions", "verdict", "explanation" })
            if (obj[field] is null) throw new RecordFormatException(path, field, "is missing");

        if (obj["quantities"] is not JsonArray quantities) throw new RecordFormatException(path, "quantities", "is not an array");
        for (int i = 0; i < quantities.Count; i++)
        {
            if (quantities[i] is not JsonObject q) throw new RecordFormatException(path, $"quantities[{i}]", "is not an object");
            string name = q["name"]?.GetValueKind() == JsonValueKind.String ? q["name"]!.GetValue<string>() : $"#{i}";
            foreach (string field in new[] { "name", "estimate", "ci_low", "ci_high", "count", "tolerance" })
                if (q[field] is null) throw new RecordFormatException(path, $"quantities[{name}].{field}", "is missing");
            foreach (string field in new[] { "estimate", "ci_low", "ci_high" })
            {
                double? value = Number(q[field]!);
                if (value is null) throw new RecordFormatException(path, $"quantities[{name}].{field}", $"is {q[field]!.ToJsonString()}, not a number");
                if (requireFinite && !double.IsFinite(value.Value)) throw new RecordFormatException(path, $"quantities[{name}].{field}", $"is {value}, not a finite number");
            }
            if (q["tolerance"] is not JsonObject tol || tol["absolute"] is null || tol["relative"] is null || tol["reason"] is null)
                throw new RecordFormatException(path, $"quantities[{name}].tolerance", "needs absolute, relative and reason");
        }

        try
        {
            return obj.Deserialize<RunRecord>(Options) ?? throw new RecordFormatException(path, "(document)", "is null");
        }
        catch (JsonException e)
        {
            string field = string.IsNullOrEmpty(e.Path) ? "(document)" : e.Path.TrimStart('$', '.');
            throw new RecordFormatException(path, field, $"has the wrong type ({e.Message})", e);
        }
    }

    private static double? Number(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Number => node.GetValue<double>(),
        JsonValueKind.String when node.GetValue<string>() is "NaN" => double.NaN,
        JsonValueKind.String when node.GetValue<string>() is "Infinity" => double.PositiveInfinity,
        JsonValueKind.String when node.GetValue<string>() is "-Infinity" => double.NegativeInfinity,
        _ => null,
    };
}
