using System.Text.Json.Nodes;

namespace LearningMechanics.Cli.Tests;

/// <summary>One small real audit of `lm audit` (dln-saxe-modes, 2 offsets: a few seconds of training) and its input checks.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly Lm lm = new();

    public void Dispose() => lm.Dispose();

    [Fact]
    public void TwoOffsetAuditWritesTableJsonAndARecordPerOffset()
    {
        string jsonPath = Path.Combine(lm.Folder, "audit.json");
        var result = lm.Run("audit", "dln-saxe-modes", "--seed-offsets", "2", "--device", "cpu", "--json", jsonPath);

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains("1 of 1 claims pass the audit over 2 seed offsets (step 100).", result.Out);
        Assert.Contains("started (seeds 101,102,103)", result.Error);
        string records = Path.Combine(lm.Artifacts, "audits");
        Assert.Equal(2, Directory.GetFiles(records, "dln-saxe-modes.json", SearchOption.AllDirectories).Length);
        Assert.Single(Directory.GetFiles(records, "dln-saxe-modes.control.json", SearchOption.AllDirectories),
            f => f.Contains("offset-100", StringComparison.Ordinal));
        Assert.StartsWith("### lm audit: smoke tier, cpu, 2 seed offsets", File.ReadAllText(Path.Combine(lm.Artifacts, "audit.md")));

        var audit = Assert.IsType<JsonObject>(Assert.Single(Assert.IsType<JsonArray>(JsonNode.Parse(File.ReadAllText(jsonPath)))));
        Assert.Equal("dln-saxe-modes", (string?)audit["claim"]);
        Assert.Equal(2, (int?)audit["runs"]);
        Assert.Equal(2, (int?)audit["holds"]);
        Assert.Equal(0, (int?)audit["falsified"]);
        Assert.Equal(0, (int?)audit["inconclusive"]);
        Assert.Equal(2, (int?)audit["control"]!["falsified"]);
        Assert.Equal(2, (int?)audit["resolved"]);
        var spread = audit["spread"]!.AsArray();
        Assert.Equal(5, spread.Count);
        Assert.Equal("logit slope/(2·lr·s) for s=3", (string?)spread[0]!["quantity"]);
        Assert.InRange((double)spread[0]!["mean"]!, 0.95, 1.05);
        Assert.True((double)spread[0]!["sd"]! >= 0);
    }

    [Fact]
    public void AnOffsetStepBelowTheSeedCountIsRefusedBeforeTraining()
    {
        var result = lm.Run("audit", "edge-of-stability", "--seed-offsets", "3", "--offset-step", "2");
        Assert.Equal(ExitCode.Usage, result.ExitCode);
        Assert.Contains("offsets would share seeds", result.Error);
        Assert.False(Directory.Exists(Path.Combine(lm.Artifacts, "audits")));
    }

    [Fact]
    public void ZeroOffsetsAndUnknownClaimsAreUsageErrors()
    {
        Assert.Equal(ExitCode.Usage, lm.Run("audit", "dln-saxe-modes", "--seed-offsets", "0").ExitCode);
        var unknown = lm.Run("audit", "no-such-claim");
        Assert.Equal(ExitCode.Usage, unknown.ExitCode);
        Assert.Contains("edge-of-stability", unknown.Error);
    }
}
