using LearningMechanics.Cli.Terminal;
using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Cli.Tests;

/// <summary>Progress in logs: start and end lines, and in between at most one line per interval per run.</summary>
public sealed class PlainProgressTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void ReportsAreThrottledToOneLinePerInterval()
    {
        var clock = new ManualClock();
        var log = new StringWriter();
        var monitor = new PlainProgress(log, clock, TimeSpan.FromSeconds(5));
        var result = SyntheticRuns.Result(control: false, 1.0);

        var progress = monitor.Started(result.Run, 0, 2);
        progress.Report(new ProgressReport("seed=1", 0, 3));
        clock.Now += TimeSpan.FromSeconds(2);
        progress.Report(new ProgressReport("seed=2", 1, 3));
        clock.Now += TimeSpan.FromSeconds(4);
        progress.Report(new ProgressReport("seed=3", 2, 3));
        clock.Now += TimeSpan.FromSeconds(1);
        progress.Report(new ProgressReport("done", 3, 3));
        monitor.Finished(result.Run, result);

        Assert.Equal(
        [
            "[1/2] dln-saxe-modes: started (seeds 1,2,3)",
            "[1/2] dln-saxe-modes: seed=3 (2/3, 6 s)",
            "[1/2] dln-saxe-modes: Holds ✓ in 1.5 s",
        ], log.ToString().TrimEnd().Split(Environment.NewLine));
    }
}
