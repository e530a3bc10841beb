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

    public override string ToString() => $"{ClaimId}{(IsControl ? " (control)" : "")}: {Verdict}: {Explanation}";
}
