using System.Globalization;
using LearningMechanics.Harness.Statistics;

namespace LearningMechanics.Cli.Auditing;

/// <summary>
/// The audit as a table, one row per predicted quantity: how many of the claim's runs held (the rest are false alarms),
/// how often the control was falsified, how often the resolving margin was resolved, and the quantity's spread over
/// offsets beside its predicted region. Printed on the terminal and written as Markdown.
/// </summary>
public static class AuditTable
{
    public static readonly IReadOnlyList<string> Headers =
        ["claim", "holds", "falsified", "inconclusive", "control falsified", "resolved", "quantity", "mean ± sd [min, max]", "predicted", "half-width/sd"];

    public static IReadOnlyList<string[]> Rows(IReadOnlyList<ClaimAudit> audits)
    {
        var rows = new List<string[]>();
        foreach (var a in audits)
        {
            var head = new[]
            {
                a.Claim, $"{a.Claims.Holds}/{a.Claims.Runs}", Count(a.Claims.Falsified), Count(a.Claims.Inconclusive + a.Claims.Errors),
                $"{a.ControlsShown}/{a.Controls.Runs}", $"{a.Resolved}/{a.Claims.Runs}",
            };
            if (a.Spread.Count == 0) rows.Add([.. head, "", "", "", ""]);
            for (int i = 0; i < a.Spread.Count; i++)
            {
                var s = a.Spread[i];
                rows.Add([
                    .. i == 0 ? head : head.Select(_ => ""),
                    s.Quantity,
                    $"{Estimate.Format(s.Mean)} ± {Estimate.Format(s.Sd)} [{Estimate.Format(s.Min)}, {Estimate.Format(s.Max)}]",
                    $"[{Estimate.Format(s.PredictedLow)}, {Estimate.Format(s.PredictedHigh)}]",
                    double.IsFinite(s.HalfWidthOverSd) ? s.HalfWidthOverSd.ToString("0.#", CultureInfo.InvariantCulture) : "∞",
                ]);
            }
        }
        return rows;
    }

    public static string ToMarkdown(IReadOnlyList<ClaimAudit> audits)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"| {string.Join(" | ", Headers)} |");
        text.AppendLine($"|{string.Concat(Headers.Select(_ => "---|"))}");
        foreach (var row in Rows(audits)) text.AppendLine($"| {string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))} |");
        return text.ToString();
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
