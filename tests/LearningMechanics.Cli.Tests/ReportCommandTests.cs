using LearningMechanics.Harness.Records;

namespace LearningMechanics.Cli.Tests;

/// <summary>`lm report` from synthetic approved baselines and records in temporary folders.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly Lm lm = new();

    public void Dispose() => lm.Dispose();

    private string Reports => Path.Combine(lm.Folder, "reports");

    [Fact]
    public void RendersTheScienceReportFromApprovedBaselinesAndTheHtmlPageFromTheLatestRun()
    {
        SampleRecords.Write(lm.Baselines, "dln-saxe-modes.smoke.cpu.approved.json", SampleRecords.Record("dln-saxe-modes"));
        SampleRecords.Write(Path.Combine(lm.Artifacts, "records", "run-1"), "dln-saxe-modes.json", SampleRecords.Record("dln-saxe-modes", ratio: 1.01));
        SampleRecords.Write(Path.Combine(lm.Artifacts, "records", "run-1"), "dln-saxe-modes.control.json", SampleRecords.Record("dln-saxe-modes", control: true, verdict: "Falsified"));

        var result = lm.Run("report", "--reports", Reports);

        Assert.True(result.ExitCode == ExitCode.Success, result.ToString());
        string readme = File.ReadAllText(Path.Combine(Reports, "README.md"));
        Assert.Contains("## Modes of a deep linear net are learned as logistic curves with slope 2·lr·s", readme);
        Assert.Contains("Saxe, McClelland & Ganguli (2014)", readme);
        Assert.True(File.Exists(Path.Combine(Reports, "figures", "dln-saxe-modes.svg")));
        Assert.Contains("lm: warning: edge-of-stability has no approved baseline", result.Error);
        Assert.Contains("(run run-1)", result.Out);
        Assert.Contains("dln-saxe-modes", File.ReadAllText(Path.Combine(lm.Artifacts, "report", "index.html")));
    }

    [Fact]
    public void WithoutAnyRunOnlyTheScienceReportIsWritten()
    {
        SampleRecords.Write(lm.Baselines, "dln-saxe-modes.smoke.cpu.approved.json", SampleRecords.Record("dln-saxe-modes"));
        var result = lm.Run("report", "--reports", Reports);
        Assert.True(result.ExitCode == ExitCode.Success, result.ToString());
        Assert.Contains("No run under", result.Out);
        Assert.False(Directory.Exists(Path.Combine(lm.Artifacts, "report")));
    }

    [Fact]
    public void ABaselineWhoseParametersNoLongerFitTheClaimIsNamed()
    {
        var stale = SampleRecords.Record("dln-saxe-modes") with { Parameters = new Dictionary<string, string> { ["depth"] = "3" } };
        string path = Path.Combine(lm.Baselines, "dln-saxe-modes.smoke.cpu.approved.json");
        SampleRecords.Write(lm.Baselines, Path.GetFileName(path), stale);
        var result = lm.Run("report", "--reports", Reports);
        Assert.Equal(ExitCode.Usage, result.ExitCode);
        Assert.Contains($"{path}: its parameters no longer fit dln-saxe-modes (Unknown parameter 'depth'.", result.Error);
    }
}
