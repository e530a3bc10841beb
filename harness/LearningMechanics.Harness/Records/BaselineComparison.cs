using System.Globalization;
using System.Text;

namespace LearningMechanics.Harness.Records;

/// <summary>
/// A received record set against its approved baseline: comparable only when they describe the same experiment
/// (claim, tier, device, dtype, parameters, seeds); then quantity by quantity, plus the verdict.
/// </summary>
public sealed record BaselineComparison(IReadOnlyList<QuantityComparison> Quantities, string? ApprovedVerdict, string ReceivedVerdict, string? NotComparableReason)
{
    public bool Comparable => NotComparableReason is null;

    public bool Matches => Comparable && Quantities.All(q => q.Matches) && ApprovedVerdict == ReceivedVerdict;

    public static BaselineComparison Compare(RunRecord approved, RunRecord received)
    {
        string? reason = Difference("claim", approved.Claim, received.Claim)
            ?? Difference("tier", approved.Tier, received.Tier)
            ?? Difference("device", approved.Device, received.Device)
            ?? Difference("dtype", approved.DType, received.DType)
            ?? Difference("seeds", string.Join(",", approved.Seeds), string.Join(",", received.Seeds))
            ?? Difference("parameters", Text(approved.Parameters), Text(received.Parameters));
        if (reason is not null) return new BaselineComparison([], approved.Verdict, received.Verdict, reason);

        var rows = new List<QuantityComparison>();
        var receivedByName = received.Quantities.ToDictionary(q => q.Name, StringComparer.Ordinal);
        foreach (var a in approved.Quantities)
            rows.Add(receivedByName.Remove(a.Name, out var r) ? QuantityComparison.Compare(a, r) : QuantityComparison.OnlyApproved(a));
        rows.AddRange(receivedByName.Values.Select(QuantityComparison.OnlyReceived));
        return new BaselineComparison(rows, approved.Verdict, received.Verdict, null);
    }

    /// <summary>The table a failing test shows: quantity, approved, received, difference, allowed, note.</summary>
    public string Table()
    {
        var text = new StringBuilder();
        if (ApprovedVerdict != ReceivedVerdict) text.AppendLine($"verdict changed: {ApprovedVerdict} → {ReceivedVerdict}");
        text.AppendLine("| quantity | approved | received | difference | tolerance | |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var q in Quantities)
            text.AppendLine($"| {q.Name} | {Format(q.Approved)} | {Format(q.Received)} | {Format(q.Difference)} | {Format(q.Allowed)} | {(q.Matches ? "" : "✗ ")}{q.Note} |");
        return text.ToString();
    }

    private static string? Difference(string what, string approved, string received) =>
        approved == received ? null : $"{what} differ (approved {approved}, received {received})";

    private static string Text(IReadOnlyDictionary<string, string> parameters) =>
        string.Join(", ", parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    private static string Format(double? x) => x is double v ? v.ToString("G6", CultureInfo.InvariantCulture) : "—";
}
