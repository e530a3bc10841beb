using LearningMechanics.Cli.Running;

namespace LearningMechanics.Cli.Tests;

/// <summary>The exit code of `lm run` from its runs' verdicts (no training).</summary>
public sealed class SuiteVerdictTests
{
    private static readonly RunResult ClaimHolds = SyntheticRuns.Result(control: false, 1.0);
    private static readonly RunResult ClaimFalsified = SyntheticRuns.Result(control: false, 2.0);
    private static readonly RunResult ClaimInconclusive = SyntheticRuns.Result(control: false, 1.1, halfWidth: 0.05);
    private static readonly RunResult ControlFalsified = SyntheticRuns.Result(control: true, 2.0);
    private static readonly RunResult ControlHolds = SyntheticRuns.Result(control: true, 1.0);
    private static readonly RunResult ControlInconclusive = SyntheticRuns.Result(control: true, 0.9, halfWidth: 0.05);

    public static TheoryData<string, RunResult[], int> Cases => new()
    {
        { "claim holds, control falsified", [ClaimHolds, ControlFalsified], ExitCode.Success },
        { "claim falsified", [ClaimFalsified, ControlFalsified], ExitCode.Falsified },
        { "control holds: the test could not fail", [ClaimHolds, ControlHolds], ExitCode.Falsified },
        { "claim inconclusive", [ClaimInconclusive, ControlFalsified], ExitCode.Inconclusive },
        { "control inconclusive", [ClaimHolds, ControlInconclusive], ExitCode.Inconclusive },
        { "falsified outranks inconclusive", [ClaimInconclusive, ControlHolds], ExitCode.Falsified },
        { "an experiment threw", [ClaimHolds, SyntheticRuns.Failed(control: true)], ExitCode.Error },
        { "falsified outranks an error", [ClaimFalsified, SyntheticRuns.Failed(control: true)], ExitCode.Falsified },
        { "claims alone (--no-control)", [ClaimHolds], ExitCode.Success },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExitCodeFollowsTheVerdicts(string why, RunResult[] results, int expected) =>
        Assert.True(SuiteVerdict.Of(results).ExitCode == expected, $"{why}: {SuiteVerdict.Of(results).Summary}");

    [Fact]
    public void SummaryNamesWhatWasNotAsExpected()
    {
        var verdict = SuiteVerdict.Of([ClaimHolds, ControlHolds]);
        Assert.Equal("1 of 1 claims hold, 0 of 1 controls falsified. Not as expected: dln-saxe-modes (control).", verdict.Summary);
    }

    [Fact]
    public void MarkdownTableHasARowPerPredictionWithTheRunsVerdictAgainstItsExpectation()
    {
        string markdown = VerdictTable.ToMarkdown([ClaimHolds, ControlHolds, SyntheticRuns.Failed(control: false)]);
        string[] lines = markdown.TrimEnd().Split('\n');
        Assert.Equal("| claim | prediction | measured [95% CI] | verdict | run | s |", lines[0]);
        Assert.Equal("| dln-saxe-modes | ratio ∈ [0.9, 1.1] | 1 [0.99, 1.01] | Holds | Holds ✓ | 1.5 |", lines[2]);
        Assert.Equal("| dln-saxe-modes (control) | ratio ∈ [0.9, 1.1] | 1 [0.99, 1.01] | Holds | Holds ✗ | 1.5 |", lines[3]);
        Assert.Equal("| dln-saxe-modes | error: InvalidOperationException: broken |  |  | error | 0.5 |", lines[4]);
    }
}
