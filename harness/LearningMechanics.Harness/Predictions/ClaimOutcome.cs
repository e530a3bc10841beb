namespace LearningMechanics.Harness.Predictions;

/// <summary>The result of running one claim (or its control) once: what was measured, each check, and the verdict.</summary>
public sealed record ClaimOutcome(
    string ClaimId,
    bool IsControl,
    ClaimParameters Parameters,
    IReadOnlyList<long> Seeds,
    Measurement Measurement,
    IReadOnlyList<Check> Checks,
    double WallSeconds)
{
    public Verdict Verdict => VerdictRules.Combine(Checks.Select(c => c.Verdict));

    public string Explanation => string.Join("; ", Checks.Select(c => c.Explanation));

    /// <summary>
    /// Falsified by something it measured. A NaN quantity (a diverged run, or one undefined in that regime) counts as
    /// Falsified, but a negative control falsified only that way shows nothing about the harness's ability to tell
    /// regimes apart, so a control must come out this way.
    /// </summary>
    public bool IsFalsifiedByFiniteMeasurement =>
        Verdict == Verdict.Falsified && Checks.Any(c => c.Verdict == Verdict.Falsified && c.Measured.IsFinite);

    public override string ToString() => $"{ClaimId}{(IsControl ? " (control)" : "")}: {Verdict}: {Explanation}";
}
