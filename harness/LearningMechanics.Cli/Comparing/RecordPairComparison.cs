using LearningMechanics.Harness.Records;

namespace LearningMechanics.Cli.Comparing;

/// <summary>
/// Two records of the same claim, quantity by quantity. Unlike a baseline check, two runs that differ in setup (other
/// seeds, say, with another --seed-offset) are still compared: the combined CIs are then the test, and the setup
/// difference is shown beside the table.
/// </summary>
public sealed record RecordPairComparison(RecordKey Key, RunRecord A, RunRecord B, IReadOnlyList<QuantityComparison> Quantities, string? SetupDifference)
{
    public bool VerdictChanged => A.Verdict != B.Verdict;

    public bool Moved => VerdictChanged || Quantities.Any(q => !q.Matches);

    public static RecordPairComparison Of(RecordKey key, RunRecord a, RunRecord b)
    {
        var baseline = BaselineComparison.Compare(a, b);
        var quantities = baseline.Comparable ? baseline.Quantities : CompareQuantities(a, b);
        return new RecordPairComparison(key, a, b, quantities, baseline.NotComparableReason);
    }

    // The same pairing as BaselineComparison.Compare, which skips it when the setups differ.
    private static List<QuantityComparison> CompareQuantities(RunRecord a, RunRecord b)
    {
        var byName = b.Quantities.ToDictionary(q => q.Name, StringComparer.Ordinal);
        var rows = a.Quantities.Select(q => byName.Remove(q.Name, out var other) ? QuantityComparison.Compare(q, other) : QuantityComparison.OnlyApproved(q)).ToList();
        rows.AddRange(byName.Values.Select(QuantityComparison.OnlyReceived));
        return rows;
    }
}
