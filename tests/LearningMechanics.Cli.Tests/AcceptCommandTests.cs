using LearningMechanics.Harness.Records;

namespace LearningMechanics.Cli.Tests;

/// <summary>`lm accept` in a temporary baselines folder: received moves over approved, orphans are reported.</summary>
public sealed class AcceptCommandTests : IDisposable
{
    private readonly Lm lm = new();

    public void Dispose() => lm.Dispose();

    [Fact]
    public void AcceptMovesReceivedOverApprovedForTheNamedClaimOnly()
    {
        var store = new BaselineStore(lm.Baselines);
        SampleRecords.Write(lm.Baselines, "dln-saxe-modes.smoke.cpu.approved.json", SampleRecords.Record("dln-saxe-modes", ratio: 1.0));
        SampleRecords.Write(lm.Baselines, "dln-saxe-modes.smoke.cpu.received.json", SampleRecords.Record("dln-saxe-modes", ratio: 1.02));
        SampleRecords.Write(lm.Baselines, "edge-of-stability.smoke.cpu.received.json", SampleRecords.Record("edge-of-stability"));
        SampleRecords.Write(lm.Baselines, "retired-claim.smoke.cpu.approved.json", SampleRecords.Record("retired-claim"));

        var result = lm.Run("accept", "dln-saxe-modes");

        Assert.True(result.ExitCode == ExitCode.Success, result.ToString());
        Assert.Contains($"Approved 1 baseline in {lm.Baselines}:", result.Out);
        Assert.Contains("  dln-saxe-modes.smoke.cpu.approved.json", result.Out);
        Assert.Contains("Approved baselines with no claim in the catalogue", result.Out);
        Assert.Contains("  retired-claim.smoke.cpu.approved.json", result.Out);
        Assert.False(File.Exists(store.ReceivedPath("dln-saxe-modes", "smoke", "cpu")));
        Assert.Equal(1.02, RecordJson.Read(store.ApprovedPath("dln-saxe-modes", "smoke", "cpu"), requireFinite: true).Quantities[0].Estimate);
        Assert.True(File.Exists(store.ReceivedPath("edge-of-stability", "smoke", "cpu")), "another claim's received file is left alone");
    }

    [Fact]
    public void AcceptWithoutIdsApprovesEveryReceivedFile()
    {
        SampleRecords.Write(lm.Baselines, "dln-saxe-modes.smoke.cpu.received.json", SampleRecords.Record("dln-saxe-modes"));
        SampleRecords.Write(lm.Baselines, "edge-of-stability.smoke.cpu.received.json", SampleRecords.Record("edge-of-stability"));
        var result = lm.Run("accept");
        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains("Approved 2 baselines", result.Out);
        Assert.Empty(Directory.GetFiles(lm.Baselines, "*.received.json"));
    }

    [Fact]
    public void NothingToAcceptIsSaid()
    {
        Directory.CreateDirectory(lm.Baselines);
        var result = lm.Run("accept", "edge-of-stability");
        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains($"Nothing to accept: no received baselines of edge-of-stability in {lm.Baselines}.", result.Out);
    }

    [Fact]
    public void AnUnknownIdApprovesNothing()
    {
        SampleRecords.Write(lm.Baselines, "dln-saxe-modes.smoke.cpu.received.json", SampleRecords.Record("dln-saxe-modes"));
        var result = lm.Run("accept", "dln-saxe-modes", "dln-saxe-mode");
        Assert.Equal(ExitCode.Usage, result.ExitCode);
        Assert.Contains($"Unknown claim 'dln-saxe-mode'. Claims: {string.Join(", ", LearningMechanics.Predictions.Catalogue.All.Select(c => c.Id))}.", result.Error);
        Assert.Single(Directory.GetFiles(lm.Baselines, "*.received.json"));
    }
}
