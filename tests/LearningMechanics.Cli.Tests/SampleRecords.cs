using LearningMechanics.Harness.Records;

namespace LearningMechanics.Cli.Tests;

/// <summary>Small synthetic run records for the compare and accept tests (no training).</summary>
internal static class SampleRecords
{
    public static RunRecord Record(string claim, double ratio = 1.0, double slope = -1.0, bool control = false, string verdict = "Holds",
        IReadOnlyList<long>? seeds = null) => new()
    {
        Schema = RunRecord.CurrentSchema,
        Claim = claim,
        Control = control,
        Parameters = new Dictionary<string, string> { ["lr"] = "0.1", ["width"] = "64" },
        Tier = "smoke",
        Device = "cpu",
        DType = "float64",
        Seeds = seeds ?? [1, 2, 3],
        Versions = new Dictionary<string, string> { ["torchsharp"] = "0.107.0" },
        Commit = null,
        WallSeconds = 1.5,
        Quantities = [Quantity("ratio", ratio, 0.01), Quantity("slope", slope, 0.05)],
        Curves = [],
        Predictions =
        [
            new PredictionRecord { Quantity = "ratio", Formula = "ratio = 1", Low = 0.9, High = 1.1, ToleranceReason = "test", Verdict = verdict, Explanation = "test" },
        ],
        Verdict = verdict,
        Explanation = "test",
    };

    public static void Write(string folder, string fileName, RunRecord record)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, fileName), RecordJson.Serialize(record));
    }

    private static QuantityRecord Quantity(string name, double estimate, double halfWidth) => new()
    {
        Name = name,
        Estimate = estimate,
        CiLow = estimate - halfWidth,
        CiHigh = estimate + halfWidth,
        Count = 3,
        Tolerance = new ToleranceRecord { Absolute = 1e-12, Relative = 1e-9, Reason = "bit-identical CPU runs" },
    };
}
