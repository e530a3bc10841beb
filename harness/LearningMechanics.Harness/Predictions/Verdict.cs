namespace LearningMechanics.Harness.Predictions;

/// <summary>
/// Holds: the measured interval lies inside the predicted region. Falsified: it lies wholly outside.
/// Inconclusive: it straddles an edge, so more seeds or steps are needed to decide.
/// </summary>
public enum Verdict { Holds, Falsified, Inconclusive }

public static class VerdictRules
{
    /// <summary>A set of checks holds only if all hold; one falsified check falsifies the whole.</summary>
    public static Verdict Combine(IEnumerable<Verdict> verdicts)
    {
        var list = verdicts.ToList();
        if (list.Count == 0) throw new ArgumentException("No verdicts to combine.");
        if (list.Contains(Verdict.Falsified)) return Verdict.Falsified;
        return list.Contains(Verdict.Inconclusive) ? Verdict.Inconclusive : Verdict.Holds;
    }
}
