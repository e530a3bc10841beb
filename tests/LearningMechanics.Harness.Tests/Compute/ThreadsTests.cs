using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Harness.Tests.Compute;

public sealed class ThreadsTests
{
    [Fact]
    public void OneThreadRunsFillEveryCore() => Assert.Equal(Environment.ProcessorCount, Threads.SideBySide(1));

    [Fact]
    public void RunsWiderThanTheMachineGoOneAtATime() => Assert.Equal(1, Threads.SideBySide(Environment.ProcessorCount + 1));

    [Fact]
    public void TwoThreadRunsShareTheCoresInPairs() => Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), Threads.SideBySide(2));
}
