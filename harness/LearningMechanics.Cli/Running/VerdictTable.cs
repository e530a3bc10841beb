using LearningMechanics.Harness.Statistics;
using Spectre.Console;

namespace LearningMechanics.Cli.Running;

/// <summary>
/// The verdict table of a set of runs, one row per prediction: claim, prediction, measured value with its 95% CI,
/// the check's verdict, the run's verdict against what was expected of it, and seconds. Drawn on the terminal and
/// written as Markdown for CI summaries.
/// </summary>
public static class VerdictTable
{
    public static readonly IReadOnlyList<string> Headers = ["claim", "prediction", "measured [95% CI]", "verdict", "run", "s"];

    public static IReadOnlyList<string[]> Rows(IReadOnlyList<RunResult> results)
    {
        var rows = new List<string[]>();
        foreach (var result in results)
        {
            string seconds = result.WallSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
            if (result.Outcome is null)
            {
                rows.Add([result.Run.Label, $"error: {result.Error}", "", "", result.VerdictText, seconds]);
                continue;
            }
            bool first = true;
            foreach (var check in result.Outcome.Checks)
            {
                var p = check.Prediction;
                rows.Add([
                    first ? result.Run.Label : "",
                    $"{p.Quantity} ∈ [{Estimate.Format(p.Low)}, {Estimate.Format(p.High)}]",
                    check.Measured.ToString(),
                    check.Verdict.ToString(),
                    first ? result.VerdictText : "",
                    first ? seconds : "",
                ]);
                first = false;
            }
        }
        return rows;
    }

    public static Table ToTable(IReadOnlyList<RunResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string header in Headers) table.AddColumn(new TableColumn(new Text(header)));
        table.Columns[0].NoWrap();
        table.Columns[^1].RightAligned();
        foreach (var row in Rows(results)) table.AddRow(row.Select(cell => new Text(cell)));
        return table;
    }

    public static string ToMarkdown(IReadOnlyList<RunResult> results)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"| {string.Join(" | ", Headers)} |");
        text.AppendLine($"|{string.Concat(Headers.Select((_, i) => i == Headers.Count - 1 ? "---:|" : "---|"))}");
        foreach (var row in Rows(results)) text.AppendLine($"| {string.Join(" | ", row.Select(Escape))} |");
        return text.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
