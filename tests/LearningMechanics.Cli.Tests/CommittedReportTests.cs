using LearningMechanics.Harness.Records;

namespace LearningMechanics.Cli.Tests;

/// <summary>
/// The committed science report (reports/) must be what `lm report` renders from the committed approved baselines:
/// a baseline accepted without re-rendering the report fails here, and so CI fails while the report is stale.
/// </summary>
public sealed class CommittedReportTests : IDisposable
{
    private readonly Lm lm = new();

    public void Dispose() => lm.Dispose();

    [Fact]
    public void ReportsFolderIsCurrentWithTheApprovedBaselines()
    {
        string root = Provenance.RepositoryRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("No checkout above the test assembly.");
        string committed = Path.Combine(root, "reports");
        string rendered = Path.Combine(lm.Folder, "reports");
        lm.Environment[Locations.BaselinesVariable] = Path.Combine(root, "tests", "LearningMechanics.Predictions.Tests", "Baselines");

        var result = lm.Run("report", "--reports", rendered, "--baselines", lm.Environment[Locations.BaselinesVariable]);
        Assert.True(result.ExitCode == 0, result.ToString());

        var expected = Files(rendered);
        var actual = Files(committed);
        const string fix = "Run `dotnet run --project harness/LearningMechanics.Cli -- report` and commit reports/.";
        Assert.True(expected.Keys.SequenceEqual(actual.Keys), $"reports/ has files {string.Join(", ", actual.Keys)} but the baselines render {string.Join(", ", expected.Keys)}. {fix}");
        foreach (var (name, content) in expected)
            Assert.True(content == actual[name], $"reports/{name} is stale: it differs from what the approved baselines render. {fix}");
    }

    private static SortedDictionary<string, string> Files(string folder) => new(
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText)
            : [],
        StringComparer.Ordinal);
}
