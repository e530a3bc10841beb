using LearningMechanics.Cli.Running;
using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Cli.Auditing;

/// <summary>How many runs came to each verdict (an experiment that threw counts as an error, not a verdict).</summary>
public sealed record VerdictTally(int Runs, int Holds, int Falsified, int Inconclusive, int Errors)
{
    public static VerdictTally Of(IEnumerable<RunResult> results)
    {
        var list = results.ToList();
        return new(list.Count,
            list.Count(r => r.Verdict == Verdict.Holds),
            list.Count(r => r.Verdict == Verdict.Falsified),
            list.Count(r => r.Verdict == Verdict.Inconclusive),
            list.Count(r => r.Error is not null));
    }
}
