using System.Text;
using LearningMechanics.Harness.Records;

namespace LearningMechanics.Harness.Reporting;

/// <summary>
/// The committed science report: reports/README.md (a summary table, then one section per claim) and
/// reports/figures/{claim}.svg. CI re-renders it and checks it is current, so the output depends only on the entries:
/// no timestamps, invariant culture, "\n" line ends, sections in the order given (pass them in catalogue order).
/// </summary>
public static class ScienceReport
{
    public const string ReadmeName = "README.md";
    public const string FiguresFolder = "figures";

    /// <summary>
    /// Writes every figure, then README.md (each file atomically), and deletes figures/*.svg files that no entry
    /// wrote, so a removed claim leaves no stale figure behind. Returns the written paths: figures in entry order, then README.md.
    /// </summary>
    public static IReadOnlyList<string> Render(IReadOnlyList<ReportEntry> entries, string reportsFolder)
    {
        ReportText.Validate(entries);
        ArgumentException.ThrowIfNullOrEmpty(reportsFolder);
        var written = new List<string>();
        string figures = Path.Combine(reportsFolder, FiguresFolder);
        foreach (var entry in entries)
        {
            string path = Path.Combine(figures, FigureFile(entry.ClaimId));
            AtomicFile.WriteAllText(path, SvgFigure.Render(entry.Record, entry.Figure, entry.Title));
            written.Add(path);
        }
        RemoveStaleFigures(figures, entries);
        string readme = Path.Combine(reportsFolder, ReadmeName);
        AtomicFile.WriteAllText(readme, Markdown(entries));
        written.Add(readme);
        return written;
    }

    public static string FigureFile(string claimId) => claimId + ".svg";

    /// <summary>The README.md text for these entries.</summary>
    public static string Markdown(IReadOnlyList<ReportEntry> entries)
    {
        ReportText.Validate(entries);
        var md = new StringBuilder();
        Line(md, "# Science report");
        Line(md);
        Line(md, "Each claim of the suite: what the theory predicts from the claim's parameters, what the run measured, and the verdict. " +
                 "Rendered by `lm report` from run records; do not edit by hand.");
        Line(md);
        Line(md, "Measured values read `estimate [low, high]`: the confidence interval over n seeds (95% unless the claim says otherwise). " +
                 "**Holds**: the interval lies inside the predicted region. **Falsified**: it lies wholly outside. " +
                 "**Inconclusive**: it straddles an edge; more seeds or steps are needed.");
        Line(md);
        if (entries.Count == 0)
        {
            Line(md, "No claims were reported.");
            return md.ToString();
        }

        Line(md, "| claim | quantity | prediction | measured [CI] | verdict | resolves ± |");
        Line(md, "| --- | --- | --- | --- | --- | --- |");
        foreach (var entry in entries)
        {
            string claim = $"[{Escape(entry.ClaimId)}](#{entry.ClaimId})";
            var rows = ReportText.Predictions(entry.Record);
            if (rows.Count == 0)
                Line(md, $"| {claim} | | no prediction recorded | | {Verdict(entry.Record.Verdict)} | {entry.ResolvingPower.Text} |");
            foreach (var row in rows)
            {
                Line(md, $"| {claim} | {Escape(row.Prediction.Quantity)} | {Escape(ReportText.Region(row.Prediction))} ({Escape(row.Prediction.Formula)}) | " +
                         $"{Escape(ReportText.Measured(row.Measured))} | {Verdict(row.Prediction.Verdict)} | {(claim.Length > 0 ? entry.ResolvingPower.Text : "")} |");
                claim = "";
            }
        }

        foreach (var entry in entries) Section(md, entry);
        return md.ToString();
    }

    private static void Section(StringBuilder md, ReportEntry entry)
    {
        var record = entry.Record;
        Line(md);
        // An explicit anchor: GitHub's heading slugs drop characters such as '/' and '·' unpredictably.
        Line(md, $"<a id=\"{entry.ClaimId}\"></a>");
        Line(md);
        Line(md, $"## {Escape(entry.Title)}");
        Line(md);
        Line(md, $"`{entry.ClaimId}` · {Escape(ReportText.Strand(entry.Strand))} · verdict: {Verdict(record.Verdict)}" +
                 (record.Control ? " · negative-control run" : ""));
        Line(md);
        Line(md, $"> {Escape(entry.Statement)}");
        Line(md);
        Line(md, "**Sources**");
        Line(md);
        foreach (string source in entry.Sources) Line(md, $"- {Escape(source)}");
        if (entry.Sources.Count == 0) Line(md, "- none listed");
        Line(md);

        Line(md, "**Predictions**");
        Line(md);
        Line(md, "| quantity | prediction | region | measured [CI] | n | verdict |");
        Line(md, "| --- | --- | --- | --- | --- | --- |");
        foreach (var row in ReportText.Predictions(record))
            Line(md, $"| {Escape(row.Prediction.Quantity)} | {Escape(row.Prediction.Formula)} | {Escape(ReportText.Region(row.Prediction))} | " +
                     $"{Escape(ReportText.Measured(row.Measured))} | {ReportText.Count(row.Measured)} | {Verdict(row.Prediction.Verdict)} |");
        Line(md);
        var reasons = ReportText.ToleranceReasons(record);
        if (reasons.Count > 0)
        {
            Line(md, $"Why the region has this width: {Escape(string.Join("; ", reasons))}.");
            Line(md);
        }

        var others = ReportText.OtherQuantities(record);
        if (others.Count > 0)
        {
            Line(md, "**Also measured**");
            Line(md);
            Line(md, "| quantity | measured [CI] | n |");
            Line(md, "| --- | --- | --- |");
            foreach (var q in others) Line(md, $"| {Escape(q.Name)} | {Escape(ReportText.Measured(q))} | {ReportText.Count(q)} |");
            Line(md);
        }

        Line(md, $"**Negative control.** {Escape(entry.Control)}");
        Line(md);
        Line(md, $"**Rival theory.** {Escape(entry.Rival)}");
        Line(md);
        Line(md, $"**Resolving power.** ±{Escape(entry.ResolvingPower.Text)}: {Escape(entry.ResolvingPower.Description)} (the predictions shifted this far either way are falsified by this measurement).");
        Line(md);
        Line(md, "**Run**");
        Line(md);
        Line(md, $"- {Escape(record.Tier)} tier, {Escape(record.Device)}, {Escape(record.DType)}; seeds {ReportText.Seeds(record)}; " +
                 $"wall time {ReportText.Seconds(record.WallSeconds)}; commit `{ReportText.ShortCommit(record)}`");
        Line(md, $"- parameters: {string.Join(", ", ReportText.Parameters(record).Select(p => $"`{p}`"))}");
        if (record.Versions.Count > 0) Line(md, $"- versions: {Escape(string.Join(", ", ReportText.Versions(record)))}");
        Line(md);
        Line(md, $"![Figure: {Escape(entry.Title, brackets: true)}]({FiguresFolder}/{FigureFile(entry.ClaimId)})");
    }

    private static void RemoveStaleFigures(string figures, IReadOnlyList<ReportEntry> entries)
    {
        if (!Directory.Exists(figures)) return;
        var current = entries.Select(e => FigureFile(e.ClaimId)).ToHashSet(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(figures, "*.svg"))
        {
            if (current.Contains(Path.GetFileName(file))) continue;
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"Cannot remove the stale figure {file}: {e.Message}", e);
            }
        }
    }

    private static string Verdict(string verdict) => $"**{Escape(verdict)}**";

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');

    /// <summary>
    /// Inline text shown as itself: escapes what would start emphasis, code, HTML, a table cell or a link, and leaves
    /// the rest readable in the raw file (an underscore inside a word, as in λ_max, is never emphasis in GFM).
    /// <paramref name="brackets"/> escapes every bracket, for text inside a link or image label.
    /// </summary>
    internal static string Escape(string text, bool brackets = false)
    {
        var escaped = new StringBuilder(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            char before = i > 0 ? text[i - 1] : ' ', after = i + 1 < text.Length ? text[i + 1] : ' ';
            bool escape = c switch
            {
                '\\' or '`' or '*' or '<' or '>' or '|' => true,
                '_' => !(char.IsLetterOrDigit(before) && char.IsLetterOrDigit(after)),
                '[' => brackets || after == '^',
                ']' => brackets || after is '(' or '[' or ':',
                _ => false,
            };
            if (escape) escaped.Append('\\');
            escaped.Append(c is '\r' or '\n' ? ' ' : c);
        }
        return escaped.ToString();
    }
}
