using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Harness.Records;

/// <summary>Builds the <see cref="RunRecord"/> of a claim outcome.</summary>
public static class RunRecords
{
    /// <summary>Curves are kept to at most this many points (evenly spaced, ends kept) so records stay small.</summary>
    public const int MaxCurvePoints = 200;

    public static RunRecord From(Claim claim, ClaimOutcome outcome, RunContext context, string? repositoryRoot)
    {
        var checks = outcome.Checks;
        return new RunRecord
        {
            Schema = RunRecord.CurrentSchema,
            Claim = claim.Id,
            Control = outcome.IsControl,
            Parameters = outcome.Parameters.AsText().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Tier = context.Tier.Name(),
            Device = context.Device.Name,
            DType = claim.Precision.Name(),
            Seeds = outcome.Seeds,
            Versions = Provenance.Versions(),
            Commit = Provenance.GitCommit(repositoryRoot),
            WallSeconds = Math.Round(outcome.WallSeconds, 3),
            Quantities = outcome.Measurement.Quantities.Select(kv => new QuantityRecord
            {
                Name = kv.Key,
                Estimate = kv.Value.Value,
                CiLow = kv.Value.Low,
                CiHigh = kv.Value.High,
                Count = kv.Value.Count,
                Tolerance = claim.BaselineTolerance(kv.Key).ToRecord(),
            }).ToList(),
            Curves = outcome.Measurement.Curves.Select(c => Downsample(c)).ToList(),
            Predictions = checks.Select(c => new PredictionRecord
            {
                Quantity = c.Prediction.Quantity,
                Formula = c.Prediction.Formula,
                Low = c.Prediction.Low,
                High = c.Prediction.High,
                ToleranceReason = c.Prediction.ToleranceReason,
                Verdict = c.Verdict.ToString(),
                Explanation = c.Explanation,
            }).ToList(),
            Verdict = outcome.Verdict.ToString(),
            Explanation = outcome.Explanation,
        };
    }

    private static CurveRecord Downsample(Curve curve)
    {
        int n = Math.Min(curve.X.Count, curve.Y.Count);
        var indices = n <= MaxCurvePoints
            ? Enumerable.Range(0, n)
            : Enumerable.Range(0, MaxCurvePoints).Select(i => (int)Math.Round(i * (n - 1) / (double)(MaxCurvePoints - 1))).Distinct();
        var kept = indices.ToList();
        return new CurveRecord { Name = curve.Name, X = kept.Select(i => curve.X[i]).ToList(), Y = kept.Select(i => curve.Y[i]).ToList() };
    }
}
