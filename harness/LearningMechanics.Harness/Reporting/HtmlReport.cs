using System.Text;
using LearningMechanics.Harness.Records;

namespace LearningMechanics.Harness.Reporting;

/// <summary>
/// One self-contained HTML page for the latest run (artifacts/report/): the same summary and claim sections as the
/// science report, with the figures inline as SVG and the run's full provenance. No scripts, no external files.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body { font-family: Arial, Helvetica, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-top: 1px solid #ddd; padding-top: 1.2rem; }
        table { border-collapse: collapse; margin: 0.6rem 0 1rem; font-size: 0.9rem; }
        th, td { border: 1px solid #d0d0d0; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        code { background: #f3f3f3; padding: 0 0.2rem; }
        blockquote { margin: 0.8rem 0; padding-left: 0.8rem; border-left: 3px solid #bbb; color: #333; }
        figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
        .holds { color: #0a6b2d; font-weight: bold; } .falsified { color: #b3261e; font-weight: bold; } .inconclusive { color: #8a5a00; font-weight: bold; }
        .meta { color: #555; font-size: 0.9rem; }
        """;

    /// <summary>Writes the page atomically to <paramref name="htmlPath"/> and returns that path.</summary>
    public static string Render(IReadOnlyList<ReportEntry> entries, string htmlPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(htmlPath);
        AtomicFile.WriteAllText(htmlPath, Html(entries));
        return htmlPath;
    }

    /// <summary>The page's text for these entries: the same bytes for the same entries.</summary>
    public static string Html(IReadOnlyList<ReportEntry> entries)
    {
        ReportText.Validate(entries);
        var html = new StringBuilder();
        Line(html, "<!DOCTYPE html>");
        Line(html, "<html lang=\"en\">");
        Line(html, "<head>");
        Line(html, "<meta charset=\"utf-8\">");
        Line(html, "<title>LearningMechanics.Predictions: latest run</title>");
        Line(html, $"<style>\n{Style}</style>");
        Line(html, "</head>");
        Line(html, "<body>");
        Line(html, "<h1>LearningMechanics.Predictions: latest run</h1>");
        Line(html, "<p>Each claim: what the theory predicts from the claim's parameters, what the run measured, and the verdict. " +
                   "Measured values read <code>estimate [low, high]</code>: the confidence interval over n seeds (95% unless the claim says otherwise). " +
                   "<span class=\"holds\">Holds</span>: the interval lies inside the predicted region; <span class=\"falsified\">Falsified</span>: wholly outside; " +
                   "<span class=\"inconclusive\">Inconclusive</span>: it straddles an edge.</p>");
        if (entries.Count == 0) Line(html, "<p>No claims were reported.</p>");
        else Summary(html, entries);
        foreach (var entry in entries) Section(html, entry);
        Line(html, "</body>");
        Line(html, "</html>");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, IReadOnlyList<ReportEntry> entries)
    {
        Line(html, "<table>");
        Line(html, "<tr><th>claim</th><th>quantity</th><th>prediction</th><th>measured [CI]</th><th>verdict</th><th>resolves ±</th></tr>");
        foreach (var entry in entries)
        {
            var rows = ReportText.Predictions(entry.Record);
            string claim = $"<td rowspan=\"{Math.Max(1, rows.Count)}\"><a href=\"#{entry.ClaimId}\">{Encode(entry.ClaimId)}</a></td>";
            string margin = $"<td rowspan=\"{Math.Max(1, rows.Count)}\">{Encode(entry.ResolvingPower.Text)}</td>";
            if (rows.Count == 0) Line(html, $"<tr>{claim}<td></td><td>no prediction recorded</td><td></td><td>{Verdict(entry.Record.Verdict)}</td>{margin}</tr>");
            foreach (var row in rows)
            {
                Line(html, $"<tr>{claim}<td>{Encode(row.Prediction.Quantity)}</td><td>{Encode(ReportText.Region(row.Prediction))} ({Encode(row.Prediction.Formula)})</td>" +
                           $"<td>{Encode(ReportText.Measured(row.Measured))}</td><td>{Verdict(row.Prediction.Verdict)}</td>{margin}</tr>");
                claim = "";
                margin = "";
            }
        }
        Line(html, "</table>");
    }

    private static void Section(StringBuilder html, ReportEntry entry)
    {
        var record = entry.Record;
        Line(html, $"<section id=\"{entry.ClaimId}\">");
        Line(html, $"<h2>{Encode(entry.Title)}</h2>");
        Line(html, $"<p class=\"meta\"><code>{Encode(entry.ClaimId)}</code> · {Encode(ReportText.Strand(entry.Strand))} · verdict: {Verdict(record.Verdict)}" +
                   (record.Control ? " · negative-control run" : "") + "</p>");
        Line(html, $"<blockquote>{Encode(entry.Statement)}</blockquote>");
        Line(html, "<p><b>Sources</b></p>");
        Line(html, "<ul>");
        foreach (string source in entry.Sources) Line(html, $"<li>{Encode(source)}</li>");
        if (entry.Sources.Count == 0) Line(html, "<li>none listed</li>");
        Line(html, "</ul>");

        Line(html, "<table>");
        Line(html, "<tr><th>quantity</th><th>prediction</th><th>region</th><th>measured [CI]</th><th>n</th><th>verdict</th></tr>");
        foreach (var row in ReportText.Predictions(record))
            Line(html, $"<tr><td>{Encode(row.Prediction.Quantity)}</td><td>{Encode(row.Prediction.Formula)}</td><td>{Encode(ReportText.Region(row.Prediction))}</td>" +
                       $"<td>{Encode(ReportText.Measured(row.Measured))}</td><td>{ReportText.Count(row.Measured)}</td><td>{Verdict(row.Prediction.Verdict)}</td></tr>");
        foreach (var q in ReportText.OtherQuantities(record))
            Line(html, $"<tr><td>{Encode(q.Name)}</td><td></td><td></td><td>{Encode(ReportText.Measured(q))}</td><td>{ReportText.Count(q)}</td><td></td></tr>");
        Line(html, "</table>");
        var reasons = ReportText.ToleranceReasons(record);
        if (reasons.Count > 0) Line(html, $"<p>Why the region has this width: {Encode(string.Join("; ", reasons))}.</p>");
        if (record.Explanation.Length > 0) Line(html, $"<p><b>Explanation.</b> {Encode(record.Explanation)}</p>");
        Line(html, $"<p><b>Negative control.</b> {Encode(entry.Control)}</p>");
        Line(html, $"<p><b>Rival theory.</b> {Encode(entry.Rival)}</p>");
        Line(html, $"<p><b>Resolving power.</b> ±{Encode(entry.ResolvingPower.Text)}: {Encode(entry.ResolvingPower.Description)} (the predictions shifted this far either way are falsified by this measurement).</p>");
        Line(html, $"<p class=\"meta\"><b>Run.</b> {Encode(record.Tier)} tier, {Encode(record.Device)}, {Encode(record.DType)}; seeds {ReportText.Seeds(record)}; " +
                   $"wall time {Encode(ReportText.Seconds(record.WallSeconds))}; commit <code>{Encode(record.Commit ?? "none")}</code>.<br>" +
                   $"Parameters: {Encode(string.Join(", ", ReportText.Parameters(record)))}.<br>" +
                   $"Versions: {Encode(string.Join(", ", ReportText.Versions(record)))}.</p>");
        Line(html, "<figure>");
        Line(html, InlineSvg(SvgFigure.Render(record, entry.Figure, entry.Title), entry.ClaimId));
        Line(html, "</figure>");
        Line(html, "</section>");
    }

    /// <summary>
    /// The SVG without its XML prologue, its ids prefixed with the claim id: ids are global in an HTML page, and every
    /// figure numbers its clip paths from 1, so unprefixed they would clip each other's curves.
    /// </summary>
    internal static string InlineSvg(string svg, string claimId)
    {
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        string body = start < 0 ? svg : svg[start..];
        return body
            .Replace("id=\"", $"id=\"{claimId}-", StringComparison.Ordinal)
            .Replace("url(#", $"url(#{claimId}-", StringComparison.Ordinal)
            .TrimEnd('\n');
    }

    private static string Verdict(string verdict)
    {
        string css = verdict switch { "Holds" => "holds", "Falsified" => "falsified", "Inconclusive" => "inconclusive", _ => "meta" };
        return $"<span class=\"{css}\">{Encode(verdict)}</span>";
    }

    private static void Line(StringBuilder html, string text) => html.Append(text).Append('\n');

    private static string Encode(string text)
    {
        var encoded = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            encoded.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return encoded.ToString();
    }
}
