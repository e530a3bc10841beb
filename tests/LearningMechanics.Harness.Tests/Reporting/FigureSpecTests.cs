using LearningMechanics.Harness.Reporting;

namespace LearningMechanics.Harness.Tests.Reporting;

public sealed class FigureSpecTests
{
    [Theory]
    [InlineData("sharpness lr=0.1 seed=2", "sharpness lr=0.1", true)]
    [InlineData("sharpness lr=0.1", "sharpness lr=0.1", true)]
    [InlineData("sharpness lr=0.15 seed=2", "sharpness lr=0.1", false)]
    [InlineData("sharpness lr=0.15 seed=2", "sharpness", true)]
    [InlineData("u/s for s=1.5", "u/s for s=1", false)]
    [InlineData("anything", "", true)]
    [InlineData("loss", "sharpness", false)]
    public void PrefixesMatchWholeWords(string curve, string prefix, bool matches) =>
        Assert.Equal(matches, FigureSpec.Matches(curve, prefix));
}
