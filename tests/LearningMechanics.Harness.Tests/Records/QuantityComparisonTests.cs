using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LearningMechanics.Harness.Records;

namespace LearningMechanics.Harness.Tests.Records;

/// <summary>Properties of the baseline comparison rule: symmetric, inclusive at its boundary, never matching NaN.</summary>
public sealed class QuantityComparisonTests
{
    [Property]
    public bool IsSymmetric(NormalFloat a, NormalFloat b, NormalFloat halfA, NormalFloat halfB, PositiveInt tolScale)
    {
        var tolerance = SampleRecords.Tolerance(absolute: 1e-3 * tolScale.Get, relative: 1e-4);
        var qa = SampleRecords.Quantity("q", a.Get, Math.Abs(halfA.Get), tolerance);
        var qb = SampleRecords.Quantity("q", b.Get, Math.Abs(halfB.Get), tolerance);
        return QuantityComparison.Compare(qa, qb).Matches == QuantityComparison.Compare(qb, qa).Matches;
    }

    [Property]
    public bool IdenticalFiniteValuesMatch(NormalFloat a, NormalFloat half)
    {
        var q = SampleRecords.Quantity("q", a.Get, Math.Abs(half.Get), SampleRecords.Tolerance(0, 0));
        return QuantityComparison.Compare(q, q).Matches;
    }

    [Property]
    public bool DifferenceWithinCombinedCIsMatchesAndBeyondDoesNot(NormalFloat center, PositiveInt h1, PositiveInt h2)
    {
        double ha = h1.Get / 100.0, hb = h2.Get / 100.0, combined = Math.Sqrt(ha * ha + hb * hb);
        var none = SampleRecords.Tolerance(0, 0);
        var a = SampleRecords.Quantity("q", center.Get, ha, none);
        var inside = SampleRecords.Quantity("q", center.Get + 0.99 * combined, hb, none);
        var outside = SampleRecords.Quantity("q", center.Get + 1.01 * combined, hb, none);
        // Far from 0 the 1% margins fall below double rounding; keep centres where they are resolvable.
        return Math.Abs(center.Get) > 1e6 || (QuantityComparison.Compare(a, inside).Matches && !QuantityComparison.Compare(a, outside).Matches);
    }

    [Fact]
    public void DeclaredAbsoluteToleranceIsInclusive()
    {
        var tolerance = SampleRecords.Tolerance(absolute: 0.5, relative: 0);
        var a = SampleRecords.Quantity("q", 1.0, 0, tolerance);
        Assert.True(QuantityComparison.Compare(a, SampleRecords.Quantity("q", 1.5, 0, tolerance)).Matches);
        Assert.False(QuantityComparison.Compare(a, SampleRecords.Quantity("q", 1.5000001, 0, tolerance)).Matches);
    }

    [Fact]
    public void RelativeToleranceUsesTheLargerMagnitude()
    {
        var tolerance = SampleRecords.Tolerance(absolute: 0, relative: 0.1);
        var small = SampleRecords.Quantity("q", 1.0, 0, tolerance);
        var large = SampleRecords.Quantity("q", 1.1, 0, tolerance);
        Assert.True(QuantityComparison.Compare(small, large).Matches);
        Assert.True(QuantityComparison.Compare(large, small).Matches);
    }

    [Property]
    public bool NaNNeverMatches(NormalFloat a, NormalFloat half)
    {
        var tolerance = SampleRecords.Tolerance(absolute: 1e9, relative: 1);
        var finite = SampleRecords.Quantity("q", a.Get, Math.Abs(half.Get), tolerance);
        var nan = SampleRecords.Quantity("q", double.NaN, Math.Abs(half.Get), tolerance);
        return !QuantityComparison.Compare(finite, nan).Matches && !QuantityComparison.Compare(nan, finite).Matches && !QuantityComparison.Compare(nan, nan).Matches;
    }

    [Fact]
    public void VerdictChangeIsAMismatchEvenWhenQuantitiesMatch()
    {
        var approved = SampleRecords.Record();
        var received = approved with { Verdict = "Inconclusive" };
        var comparison = BaselineComparison.Compare(approved, received);
        Assert.False(comparison.Matches);
        Assert.Contains("verdict changed: Holds → Inconclusive", comparison.Table());
    }

    [Fact]
    public void QuantitiesMissingOnEitherSideAreMismatches()
    {
        var approved = SampleRecords.Record();
        var received = approved with { Quantities = [approved.Quantities[0], SampleRecords.Quantity("new", 2)] };
        var rows = BaselineComparison.Compare(approved, received).Quantities;
        Assert.Contains(rows, r => r.Name == "slope" && !r.Matches && r.Note == "no longer measured");
        Assert.Contains(rows, r => r.Name == "new" && !r.Matches && r.Note == "not in the baseline");
    }
}
