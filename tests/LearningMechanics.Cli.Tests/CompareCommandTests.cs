namespace LearningMechanics.Cli.Tests;

/// <summary>`lm compare A B` on synthetic record folders.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly Lm lm = new();

    public void Dispose() => lm.Dispose();

    private string A => Path.Combine(lm.Folder, "a");

    private string B => Path.Combine(lm.Folder, "b");

    [Fact]
    public void IdenticalRunsExitZero()
    {
        foreach (string folder in new[] { A, B })
        {
            SampleRecords.Write(folder, "alpha.json", SampleRecords.Record("alpha"));
            SampleRecords.Write(folder, "alpha.control.json", SampleRecords.Record("alpha", ratio: 0.5, control: true, verdict: "Falsified"));
        }
        var result = lm.Run("compare", A, B);
        Assert.True(result.ExitCode == ExitCode.Success, result.ToString());
        Assert.Contains("Nothing moved beyond tolerance or the combined CIs (2 compared).", result.Out);
    }

    [Fact]
    public void AMovedQuantityExitsOneAndIsShownInTheTable()
    {
        SampleRecords.Write(A, "alpha.json", SampleRecords.Record("alpha", slope: -1.0));
        SampleRecords.Write(B, "alpha.json", SampleRecords.Record("alpha", slope: -1.5));
        SampleRecords.Write(A, "beta.json", SampleRecords.Record("beta"));
        SampleRecords.Write(B, "beta.json", SampleRecords.Record("beta", ratio: 1.005));
        SampleRecords.Write(A, "gamma.json", SampleRecords.Record("gamma"));
        SampleRecords.Write(B, "delta.json", SampleRecords.Record("delta"));

        var result = lm.Run("compare", A, B);
        Assert.True(result.ExitCode == ExitCode.Falsified, result.ToString());
        // slope moved by 0.5, far beyond the combined CIs (√2·0.05 ≈ 0.071).
        Assert.Matches(@"│ alpha\s+│ slope\s+│ -1\s+│ -1\.5\s+│ -0\.5\s+│ 0\.0707107 │ ✗ moved", result.Out);
        // beta's ratio moved by 0.005, inside the combined CIs (√2·0.01).
        Assert.Matches(@"│ beta\s+│ ratio\s+│ 1\s+│ 1\.005\s+│ 0\.005\s+│ 0\.0141421 │ within combined CIs", result.Out);
        Assert.Contains("Only in A: gamma", result.Out);
        Assert.Contains("Only in B: delta", result.Out);
        Assert.Contains("Moved: alpha (1 of 2 compared).", result.Out);
    }

    [Fact]
    public void AVerdictChangeIsReportedAndExitsOne()
    {
        SampleRecords.Write(A, "alpha.json", SampleRecords.Record("alpha"));
        SampleRecords.Write(B, "alpha.json", SampleRecords.Record("alpha", verdict: "Inconclusive"));
        var result = lm.Run("compare", A, B);
        Assert.Equal(ExitCode.Falsified, result.ExitCode);
        Assert.Contains("✗ alpha: verdict changed Holds → Inconclusive", result.Out);
    }

    [Fact]
    public void RunsOnOtherSeedsAreComparedByTheirCombinedCis()
    {
        SampleRecords.Write(A, "alpha.json", SampleRecords.Record("alpha"));
        SampleRecords.Write(B, "alpha.json", SampleRecords.Record("alpha", ratio: 1.01, seeds: [101, 102, 103]));
        var result = lm.Run("compare", A, B);
        Assert.True(result.ExitCode == ExitCode.Success, result.ToString());
        Assert.Contains("note: alpha: the runs differ in setup (seeds differ (approved 1,2,3, received 101,102,103)); judged by the combined CIs", result.Out);
    }

    [Fact]
    public void RunIdsResolveUnderTheArtifactsRecordsFolder()
    {
        string records = Path.Combine(lm.Artifacts, "records");
        SampleRecords.Write(Path.Combine(records, "run-1"), "alpha.json", SampleRecords.Record("alpha"));
        SampleRecords.Write(Path.Combine(records, "run-2"), "alpha.json", SampleRecords.Record("alpha"));
        Assert.Equal(ExitCode.Success, lm.Run("compare", "run-1", "run-2").ExitCode);
    }

    [Fact]
    public void MissingOrCorruptFoldersAreUsageErrors()
    {
        var missing = lm.Run("compare", A, B);
        Assert.Equal(ExitCode.Usage, missing.ExitCode);
        Assert.Contains($"No record folder {A}.", missing.Error);

        SampleRecords.Write(A, "alpha.json", SampleRecords.Record("alpha"));
        Directory.CreateDirectory(B);
        File.WriteAllText(Path.Combine(B, "alpha.json"), "{\"schema\": 1}");
        var corrupt = lm.Run("compare", A, B);
        Assert.Equal(ExitCode.Usage, corrupt.ExitCode);
        Assert.Contains($"{Path.Combine(B, "alpha.json")}: field 'claim': is missing", corrupt.Error);
    }
}
