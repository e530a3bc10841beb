using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Harness.Tests.Predictions;

public sealed class VerdictRulesTests
{
    [Theory]
    [InlineData(Verdict.Holds, new[] { Verdict.Holds })]
    [InlineData(Verdict.Holds, new[] { Verdict.Holds, Verdict.Holds, Verdict.Holds })]
    [InlineData(Verdict.Inconclusive, new[] { Verdict.Holds, Verdict.Inconclusive, Verdict.Holds })]
    [InlineData(Verdict.Falsified, new[] { Verdict.Holds, Verdict.Falsified })]
    [InlineData(Verdict.Falsified, new[] { Verdict.Inconclusive, Verdict.Falsified, Verdict.Holds })]
    [InlineData(Verdict.Falsified, new[] { Verdict.Falsified, Verdict.Inconclusive })]
    public void CombineTakesTheWorstVerdict(Verdict expected, Verdict[] verdicts)
    {
        Assert.Equal(expected, VerdictRules.Combine(verdicts));
    }

    [Fact]
    public void CombineRejectsNoVerdicts()
    {
        Assert.Throws<ArgumentException>(() => VerdictRules.Combine([]));
    }
}
