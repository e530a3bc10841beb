using LearningMechanics.Harness.Records;

namespace LearningMechanics.Harness.Tests.Records;

/// <summary>Small synthetic records for the record and baseline tests (no training).</summary>
internal static class SampleRecords
{
    public static ToleranceRecord Tolerance(double absolute = 1e-12, double relative = 1e-9) =>
        new() { Absolute = absolute, Relative = relative, Reason = "test" };

    public static QuantityRecord Quantity(string name, double estimate, double halfWidth = 0.01, ToleranceRecord? tolerance = null) => new()
    {
        Name = name,
        Estimate = estimate,
        CiLow = estimate - halfWidth,
        CiHigh = estimate + halfWidth,
        Count = 3,
        Tolerance = tolerance ?? Tolerance(),
    };

    public static RunRecord Record(string claim = "sample-claim", double ratio = 1.0, IReadOnlyList<long>? seeds = null) => new()
    {
        Schema = RunRecord.CurrentSchema,
        Claim = claim,
        Control = false,
        Parameters = new Dictionary<string, string> { ["lr"] = "0.1", ["width"] = "64" },
        Tier = "smoke",
        Device = "cpu",
        DType = "float64",
        Seeds = seeds ?? [1, 2, 3],
        Versions = new Dictionary<string, string> { ["torchsharp"] = "0.107.0" },
        Commit = null,
        WallSeconds = 1.5,
        Quantities = [Quantity("ratio", ratio), Quantity("slope", -1.0, 0.05)],
        Curves = [new CurveRecord { Name = "loss", X = [0, 1, 2], Y = [1, 0.5, 0.25] }],
        Predictions =
        [
            new PredictionRecord { Quantity = "ratio", Formula = "x = 1", Low = 0.9, High = 1.1, ToleranceReason = "test", Verdict = "Holds", Explanation = "ratio = 1 inside [0.9, 1.1]" },
        ],
        Verdict = "Holds",
        Explanation = "ratio = 1 inside [0.9, 1.1]",
    };
}
