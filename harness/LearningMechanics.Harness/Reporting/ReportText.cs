using System.Globalization;
using System.Text;
using LearningMechanics.Harness.Records;
using LearningMechanics.Harness.Statistics;

namespace LearningMechanics.Harness.Reporting;

/// <summary>The wording both reports share: numbers, verdicts, strands, run lines; invariant culture throughout.</summary>
internal static class ReportText
{
    /// <summary>One prediction of a record beside its measurement (null when the record lacks that quantity).</summary>
    internal sealed record PredictionRow(PredictionRecord Prediction, QuantityRecord? Measured);

    internal static IReadOnlyList<PredictionRow> Predictions(RunRecord record) =>
        record.Predictions.Select(p => new PredictionRow(p, record.Quantities.FirstOrDefault(q => q.Name == p.Quantity))).ToList();

    /// <summary>Measured quantities that no prediction judges (e.g. the per-width values behind a fitted exponent).</summary>
    internal static IReadOnlyList<QuantityRecord> OtherQuantities(RunRecord record) =>
        record.Quantities.Where(q => record.Predictions.All(p => p.Quantity != q.Name)).ToList();

    internal static string Region(PredictionRecord p) => p.Low == p.High
        ? $"exactly {Estimate.Format(p.Low)}"
        : $"[{Estimate.Format(p.Low)}, {Estimate.Format(p.High)}]";

    /// <summary>"1.0186 [1.003, 1.0342]", the estimate alone for an exact value, "NaN" for a diverged run (no interval of NaNs).</summary>
    internal static string Measured(QuantityRecord? q) =>
        q is null ? "not measured"
        : !double.IsFinite(q.Estimate) ? Estimate.Format(q.Estimate)
        : new Estimate(q.Estimate, q.CiLow, q.CiHigh, q.Count).ToString();

    internal static string Count(QuantityRecord? q) => q is null ? "" : q.Count.ToString(CultureInfo.InvariantCulture);

    /// <summary>"MacroscopicLaws" → "Macroscopic laws"; text that already has spaces is kept.</summary>
    internal static string Strand(string strand)
    {
        if (strand.Contains(' ', StringComparison.Ordinal) || strand.Length == 0) return strand;
        var text = new StringBuilder(strand.Length + 4);
        for (int i = 0; i < strand.Length; i++)
        {
            char c = strand[i];
            if (i > 0 && char.IsUpper(c)) text.Append(' ').Append(char.ToLowerInvariant(c));
            else text.Append(c);
        }
        return text.ToString();
    }

    internal static string Seconds(double seconds) =>
        double.IsFinite(seconds) ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : Estimate.Format(seconds);

    internal static string Seeds(RunRecord record) =>
        string.Join(", ", record.Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Parameters sorted by name, so the text does not depend on the order a record was read in.</summary>
    internal static IReadOnlyList<string> Parameters(RunRecord record) =>
        record.Parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}").ToList();

    internal static IReadOnlyList<string> Versions(RunRecord record) =>
        record.Versions.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}").ToList();

    internal static string ShortCommit(RunRecord record) =>
        record.Commit is { Length: > 0 } c ? c[..Math.Min(12, c.Length)] : "none";

    /// <summary>The distinct reasons behind the predicted regions' widths, in order of first use.</summary>
    internal static IReadOnlyList<string> ToleranceReasons(RunRecord record) =>
        record.Predictions.Select(p => p.ToleranceReason).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Claim ids name files: kebab-case letters and digits only, so no id can write outside the figures folder.</summary>
    internal static void Validate(IReadOnlyList<ReportEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry);
            if (entry.ClaimId.Length == 0 || !entry.ClaimId.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                throw new ArgumentException($"Claim id '{entry.ClaimId}' is not kebab-case (a-z, 0-9, '-'); it names the figure file.", nameof(entries));
            if (!seen.Add(entry.ClaimId))
                throw new ArgumentException($"Claim '{entry.ClaimId}' appears twice in the report entries.", nameof(entries));
        }
    }
}
