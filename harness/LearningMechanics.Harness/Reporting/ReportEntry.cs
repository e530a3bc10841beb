using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Records;

namespace LearningMechanics.Harness.Reporting;

/// <summary>
/// One claim as the report shows it: what the claim says (from the claim) and what a run measured (its record).
/// <paramref name="Sources"/> are formatted citations; <paramref name="Control"/> and <paramref name="Rival"/> describe
/// the negative control and the rival theory; <paramref name="ResolvingPower"/> is the shift of the predictions the
/// measurement must falsify; <paramref name="Figure"/> says how the record's curves are drawn.
/// </summary>
public sealed record ReportEntry(
    string ClaimId,
    string Title,
    string Strand,
    string Statement,
    IReadOnlyList<string> Sources,
    string Control,
    string Rival,
    ResolvingPower ResolvingPower,
    RunRecord Record,
    FigureSpec Figure);
