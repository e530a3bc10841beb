using LearningMechanics.Harness.Records;

namespace LearningMechanics.Harness.Tests.Records;

public sealed class BaselineStoreTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lm-baselines-").FullName;
    private readonly BaselineStore store;

    public BaselineStoreTests() => store = new BaselineStore(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Approved => store.ApprovedPath("sample-claim", "smoke", "cpu");

    private string Received => store.ReceivedPath("sample-claim", "smoke", "cpu");

    [Fact]
    public void MissingBaselineWritesReceivedAndNeverCreatesApproved()
    {
        var check = store.Check(SampleRecords.Record());
        Assert.Equal(BaselineStatus.Missing, check.Status);
        Assert.False(check.Passes);
        Assert.False(File.Exists(Approved));
        Assert.True(File.Exists(Received));
        Assert.Contains("LM_ACCEPT=1", check.Message);
    }

    [Fact]
    public void AcceptMovesReceivedOverApprovedThenTheSameRunMatches()
    {
        store.Check(SampleRecords.Record());
        Assert.Equal([Approved], store.Accept([]));
        Assert.False(File.Exists(Received));

        var check = store.Check(SampleRecords.Record());
        Assert.Equal(BaselineStatus.Matches, check.Status);
        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void MovedQuantityFailsWithATableAndLeavesApprovedUntouched()
    {
        store.Check(SampleRecords.Record());
        store.Accept([]);
        byte[] before = File.ReadAllBytes(Approved);

        // 1.05 vs 1.00 with CI half-widths 0.01: far beyond both the 1e-9 tolerance and the combined CIs (0.014).
        var check = store.Check(SampleRecords.Record(ratio: 1.05));

        Assert.Equal(BaselineStatus.Mismatch, check.Status);
        Assert.Contains("| ratio | 1 | 1.05 | 0.05 |", check.Message);
        Assert.Contains("moved", check.Message);
        Assert.True(File.Exists(Received));
        Assert.Equal(before, File.ReadAllBytes(Approved));
    }

    [Fact]
    public void AcceptRequestedOnCheckApprovesTheReceivedRun()
    {
        store.Check(SampleRecords.Record());
        store.Accept([]);
        var check = store.Check(SampleRecords.Record(ratio: 1.05), accept: true);
        Assert.Equal(BaselineStatus.Accepted, check.Status);
        Assert.Equal(1.05, RecordJson.Read(Approved, requireFinite: true).Quantities[0].Estimate);
    }

    [Fact]
    public void OtherSeedsAreNotComparedAndWriteNothing()
    {
        store.Check(SampleRecords.Record());
        store.Accept([]);
        var check = store.Check(SampleRecords.Record(ratio: 2, seeds: [101, 102, 103]));
        Assert.Equal(BaselineStatus.NotComparable, check.Status);
        Assert.Contains("seeds differ", check.Message);
        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void CorruptApprovedFileNamesFileAndField()
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Approved, RecordJson.Serialize(SampleRecords.Record()).Replace("\"schema\": 1", "\"schema\": 7"));
        var ex = Assert.Throws<RecordFormatException>(() => store.Check(SampleRecords.Record()));
        Assert.Equal(Approved, ex.Path);
        Assert.Equal("schema", ex.Field);
    }

    [Fact]
    public void AcceptOnlyTheNamedClaims()
    {
        store.Check(SampleRecords.Record("first"));
        store.Check(SampleRecords.Record("second"));
        Assert.Equal([store.ApprovedPath("second", "smoke", "cpu")], store.Accept(["second"]));
        Assert.True(File.Exists(store.ReceivedPath("first", "smoke", "cpu")));
    }

    [Fact]
    public void ApprovedFilesWithNoClaimAreReported()
    {
        store.Check(SampleRecords.Record("kept"));
        store.Check(SampleRecords.Record("retired-claim"));
        store.Accept([]);
        Assert.Equal([store.ApprovedPath("retired-claim", "smoke", "cpu")], store.Orphans(["kept"]));
    }

    [Fact]
    public void AcceptRequestedReplacesABaselineOfAnotherSetup()
    {
        store.Check(SampleRecords.Record());
        store.Accept([]);
        var changed = SampleRecords.Record() with { Parameters = new Dictionary<string, string> { ["lr"] = "0.2", ["width"] = "64" } };
        Assert.Equal(BaselineStatus.NotComparable, store.Check(changed).Status);
        Assert.Equal(BaselineStatus.Accepted, store.Check(changed, accept: true).Status);
        Assert.Equal("0.2", RecordJson.Read(Approved, requireFinite: true).Parameters["lr"]);
    }
}
