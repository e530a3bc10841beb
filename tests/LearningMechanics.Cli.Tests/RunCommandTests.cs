using System.Text.Json.Nodes;
using LearningMechanics.Harness.Records;

namespace LearningMechanics.Cli.Tests;

/// <summary>One tiny real run of `lm run` (dln-saxe-modes at 200 steps, two seeds, no control: about a second of training).</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly Lm lm = new();

    public void Dispose() => lm.Dispose();

    [Fact]
    public void TinyRunWritesTableRecordSummaryAndJson()
    {
        string jsonPath = Path.Combine(lm.Folder, "out", "results.json");
        var result = lm.Run("run", "dln-saxe-modes", "--set", "steps=200", "--seeds", "2", "--seed-offset", "7", "--no-control", "--device", "cpu", "--json", jsonPath);

        // 200 steps is too short for the slowest mode's logistic fit, so any verdict may come out; the run itself must work.
        Assert.True(result.ExitCode is ExitCode.Success or ExitCode.Falsified or ExitCode.Inconclusive, result.ToString());
        Assert.Contains("│ claim", result.Out);
        Assert.Contains("logit slope/(2·lr·s) for s=3 ∈ [0.95, 1.05]", result.Out);
        Assert.Contains("[1/1] dln-saxe-modes: started (seeds 8,9)", result.Error);

        string record = Assert.Single(Directory.GetFiles(Path.Combine(lm.Artifacts, "records"), "*.json", SearchOption.AllDirectories));
        Assert.Equal("dln-saxe-modes.json", Path.GetFileName(record));
        Assert.Equal("200", RecordJson.Read(record, requireFinite: false).Parameters["steps"]);
        Assert.StartsWith("### lm run: smoke tier, cpu", File.ReadAllText(Path.Combine(lm.Artifacts, "summary.md")));
        string html = File.ReadAllText(Path.Combine(lm.Artifacts, "report", "index.html"));
        Assert.Contains("dln-saxe-modes", html);
        Assert.Contains("<svg", html);

        var runs = Assert.IsType<JsonArray>(JsonNode.Parse(File.ReadAllText(jsonPath)));
        var run = Assert.IsType<JsonObject>(Assert.Single(runs));
        Assert.Equal("dln-saxe-modes", (string?)run["claim"]);
        Assert.False((bool?)run["control"]);
        Assert.Equal("smoke", (string?)run["tier"]);
        Assert.Equal("cpu", (string?)run["device"]);
        Assert.Equal(200, (double?)run["parameters"]!["steps"]);
        Assert.Equal(0.02, (double?)run["parameters"]!["lr"]);
        Assert.Equal([3.0, 2, 1, 0.5], run["parameters"]!["strengths"]!.AsArray().Select(n => (double)n!));
        Assert.Equal([8L, 9], run["seeds"]!.AsArray().Select(n => (long)n!));

        var quantities = run["quantities"]!.AsArray();
        Assert.Equal(5, quantities.Count);
        foreach (var q in quantities)
            foreach (string field in new[] { "name", "estimate", "ci_low", "ci_high" })
                Assert.NotNull(q![field]);

        var predictions = run["predictions"]!.AsArray();
        Assert.Equal(5, predictions.Count);
        Assert.Equal("logit slope/(2·lr·s) for s=3", (string?)predictions[0]!["quantity"]);
        Assert.Equal("d/dt ln(u/(s−u)) = 2·lr·s", (string?)predictions[0]!["description"]);
        Assert.Equal(0.95, (double)predictions[0]!["low"]!, 12);
        Assert.Equal(1.05, (double)predictions[0]!["high"]!, 12);
        Assert.Equal("logit slope/(2·lr·s) for s=3: d/dt ln(u/(s−u)) = 2·lr·s", (string?)run["prediction"]!["description"]);
        Assert.Equal(0.95, (double)run["prediction"]!["low"]!, 12);
        Assert.Contains((string?)run["verdict"], new[] { "Holds", "Falsified", "Inconclusive" });
        Assert.False(string.IsNullOrEmpty((string?)run["explanation"]));
        Assert.True((double?)run["wall_seconds"] > 0);
    }
}
