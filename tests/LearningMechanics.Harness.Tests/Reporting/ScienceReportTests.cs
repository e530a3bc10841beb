using System.Globalization;
using LearningMechanics.Harness.Records;
using LearningMechanics.Harness.Reporting;

namespace LearningMechanics.Harness.Tests.Reporting;

public sealed class ScienceReportTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lm-report-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Markdown() => Snapshot.Verify("ScienceReportTests.Markdown", "md", ScienceReport.Markdown(ReportSamples.Entries()));

    [Fact]
    public void WritesTheReadmeAndOneFigurePerClaimAndLinksThem()
    {
        var entries = ReportSamples.Entries();
        var written = ScienceReport.Render(entries, folder);

        string readme = Path.Combine(folder, "README.md");
        Assert.Equal([.. entries.Select(e => Path.Combine(folder, "figures", e.ClaimId + ".svg")), readme], written);
        Assert.All(written, path => Assert.True(File.Exists(path), path));
        string text = File.ReadAllText(readme);
        Assert.Equal(ScienceReport.Markdown(entries), text);
        foreach (var entry in entries)
        {
            Assert.Contains($"](figures/{entry.ClaimId}.svg)", text);
            Assert.Contains($"<a id=\"{entry.ClaimId}\"></a>", text);
            Assert.Contains($"[{entry.ClaimId}](#{entry.ClaimId})", text);
        }
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void RenderingTwiceOrUnderAnotherCultureGivesTheSameBytes()
    {
        var entries = ReportSamples.Entries();
        var first = ScienceReport.Render(entries, Path.Combine(folder, "a"));
        var culture = CultureInfo.CurrentCulture;
        IReadOnlyList<string> second;
        try
        {
            // A comma decimal separator is what would leak into "0,95" or "12,3 s" if any number used the current culture.
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            second = ScienceReport.Render(entries, Path.Combine(folder, "b"));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
        Assert.Equal(first.Count, second.Count);
        foreach (var (a, b) in first.Zip(second))
            Assert.True(File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)), $"{a} and {b} differ");
    }

    [Fact]
    public void NaNQuantitiesAndCurvesRenderAsNaN()
    {
        var entry = ReportSamples.EdgeOfStability();
        var record = entry.Record with
        {
            Quantities = [ReportSamples.Quantity("sharpness·lr/2 at lr=0.15", double.NaN, double.NaN, double.NaN)],
            Curves = [new CurveRecord { Name = "sharpness lr=0.15 seed=1", X = [0, 20, 40], Y = [3, double.NaN, double.NaN] }],
            WallSeconds = double.NaN,
            Verdict = "Falsified",
        };
        var entries = new[] { entry with { Record = record } };

        ScienceReport.Render(entries, folder);

        string text = File.ReadAllText(Path.Combine(folder, "README.md"));
        Assert.Contains("| sharpness·lr/2 at lr=0.15 | [0.9, 1.1] (λ_max = 2/lr, so λ_max·lr/2 = 1) | NaN | **Holds** |", text);
        Assert.Contains("| sharpness·lr/2 at lr=0.15 | λ_max = 2/lr, so λ_max·lr/2 = 1 | [0.9, 1.1] | NaN | 3 | **Holds** |", text);
        Assert.Contains("| sharpness·lr/2 at lr=0.25 | λ_max = 2/lr, so λ_max·lr/2 = 1 | [0.9, 1.1] | not measured |", text);
        Assert.Contains("wall time NaN", text);
        _ = new SvgDocument(File.ReadAllText(Path.Combine(folder, "figures", "edge-of-stability.svg")));
    }

    [Fact]
    public void RemovesFiguresOfClaimsNoLongerReportedAndKeepsOtherFiles()
    {
        string figures = Path.Combine(folder, "figures");
        Directory.CreateDirectory(figures);
        File.WriteAllText(Path.Combine(figures, "retired-claim.svg"), "<svg/>");
        File.WriteAllText(Path.Combine(figures, "notes.txt"), "kept");

        ScienceReport.Render([ReportSamples.NtkLazy()], folder);

        Assert.Equal(["notes.txt", "ntk-lazy-linearization.svg"], Directory.GetFiles(figures).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("Edge")]
    [InlineData("")]
    public void RejectsClaimIdsThatAreNotKebabCase(string id)
    {
        var ex = Assert.Throws<ArgumentException>(() => ScienceReport.Render([ReportSamples.NtkLazy() with { ClaimId = id }], folder));
        Assert.Contains("kebab-case", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void RejectsAClaimReportedTwice()
    {
        var ex = Assert.Throws<ArgumentException>(() => ScienceReport.Markdown([ReportSamples.NtkLazy(), ReportSamples.NtkLazy()]));
        Assert.Contains("ntk-lazy-linearization", ex.Message);
    }

    [Fact]
    public void TableCellsAndTextKeepTheirCharacters()
    {
        var entry = ReportSamples.NtkLazy();
        var record = entry.Record with
        {
            Predictions = [ReportSamples.Prediction("|ΔΘ| ratio", "a|b *c* <d>", 0, 1, "Holds", "why_not")],
            Quantities = [ReportSamples.Quantity("|ΔΘ| ratio", 0.5, 0.4, 0.6)],
        };
        string md = ScienceReport.Markdown([entry with { Record = record, Statement = "λ_max and _emphasis_ and [link](x)" }]);
        Assert.Contains(@"| \|ΔΘ\| ratio | a\|b \*c\* \<d\> | [0, 1] |", md);
        Assert.Contains(@"> λ_max and \_emphasis\_ and [link\](x)", md);
    }

    [Fact]
    public void NoEntriesStillWritesAReadme()
    {
        var written = ScienceReport.Render([], folder);
        Assert.Contains("No claims were reported.", File.ReadAllText(Assert.Single(written)));
    }
}
