using System.Text.RegularExpressions;
using LearningMechanics.Harness.Reporting;

namespace LearningMechanics.Harness.Tests.Reporting;

public sealed partial class HtmlReportTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lm-html-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void IsOneSelfContainedPageWithAnInlineFigurePerClaim()
    {
        var entries = ReportSamples.Entries();
        string path = Path.Combine(folder, "report", "index.html");

        Assert.Equal(path, HtmlReport.Render(entries, path));

        string html = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("<?xml", html);
        Assert.All(Href().Matches(html), m => Assert.StartsWith("#", m.Groups[1].Value));

        var figures = InlineSvg().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(entries.Count, figures.Count);
        foreach (string svg in figures) _ = new SvgDocument(svg);
        foreach (var entry in entries)
        {
            Assert.Contains($"<section id=\"{entry.ClaimId}\">", html);
            Assert.Contains($"<a href=\"#{entry.ClaimId}\">", html);
        }
    }

    [Fact]
    public void IdsAreUniqueAcrossTheInlineFigures()
    {
        string html = HtmlReport.Html(ReportSamples.Entries());
        var ids = Id().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        // Every clip-path reference points at an id of the same page.
        Assert.All(ClipReference().Matches(html), m => Assert.Contains(m.Groups[1].Value, ids));
    }

    [Fact]
    public void RenderingTwiceGivesTheSameBytesAndTextIsEncoded()
    {
        var entries = ReportSamples.Entries();
        Assert.Equal(HtmlReport.Html(entries), HtmlReport.Html(ReportSamples.Entries()));
        string html = HtmlReport.Html([entries[0] with { Statement = "a < b & \"c\"" }]);
        Assert.Contains("a &lt; b &amp; &quot;c&quot;", html);
    }

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();

    [GeneratedRegex("<svg .*?</svg>", RegexOptions.Singleline)]
    private static partial Regex InlineSvg();

    [GeneratedRegex(" id=\"([^\"]*)\"")]
    private static partial Regex Id();

    [GeneratedRegex(@"url\(#([^)]*)\)")]
    private static partial Regex ClipReference();
}
