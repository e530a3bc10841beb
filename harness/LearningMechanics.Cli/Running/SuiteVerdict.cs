using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Cli.Running;

/// <summary>
/// The exit code of a set of runs and the sentence that explains it. A falsified claim and a control that is not
/// falsified weigh the same (both mean the suite's science failed); an inconclusive run of either kind asks for more
/// seeds or steps; an experiment that threw is neither a verdict nor a pass.
/// </summary>
public sealed record SuiteVerdict(int ExitCode, string Summary)
{
    public static SuiteVerdict Of(IReadOnlyList<RunResult> results)
    {
        var failed = results.Where(r => r.Verdict is { } v && v != Verdict.Inconclusive && !r.AsExpected).ToList();
        var errors = results.Where(r => r.Error is not null).ToList();
        var inconclusive = results.Where(r => r.Verdict == Verdict.Inconclusive).ToList();
        string counts = Counts(results);
        if (failed.Count > 0) return new(Cli.ExitCode.Falsified, $"{counts}. Not as expected: {Labels(failed)}.");
        if (errors.Count > 0) return new(Cli.ExitCode.Error, $"{counts}. Failed with an error: {Labels(errors)}.");
        if (inconclusive.Count > 0) return new(Cli.ExitCode.Inconclusive, $"{counts}. Inconclusive (more seeds or steps needed): {Labels(inconclusive)}.");
        return new(Cli.ExitCode.Success, $"{counts}.");
    }

    private static string Counts(IReadOnlyList<RunResult> results)
    {
        var parts = new List<string>();
        int claims = results.Count(r => !r.Run.IsControl), controls = results.Count(r => r.Run.IsControl);
        if (claims > 0) parts.Add($"{results.Count(r => !r.Run.IsControl && r.AsExpected)} of {claims} claims hold");
        if (controls > 0) parts.Add($"{results.Count(r => r.Run.IsControl && r.AsExpected)} of {controls} controls falsified");
        return string.Join(", ", parts);
    }

    private static string Labels(IEnumerable<RunResult> results) => string.Join(", ", results.Select(r => r.Run.Label));
}
