using System.Globalization;
using LearningMechanics.Cli.Running;
using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Cli.Terminal;

/// <summary>
/// Progress as plain lines for logs (redirected output, CI=true, TERM=dumb): a line when a run starts and ends, and in
/// between at most one per <c>interval</c> per run, so a CI log shows the job is alive without a line per step.
/// </summary>
public sealed class PlainProgress(TextWriter writer, TimeProvider clock, TimeSpan interval) : IRunMonitor
{
    private readonly Dictionary<PlannedRun, string> prefixes = [];

    public T Show<T>(Func<T> work) => work();

    public IProgress<ProgressReport> Started(PlannedRun run, int index, int count)
    {
        string prefix = prefixes[run] = $"[{index + 1}/{count}] {run.Label}";
        writer.WriteLine($"{prefix}: started (seeds {string.Join(",", run.Seeds)})");
        writer.Flush();
        return new Throttled(writer, clock, interval, prefix);
    }

    public void Finished(PlannedRun run, RunResult result)
    {
        writer.WriteLine($"{prefixes.GetValueOrDefault(run, run.Label)}: {result.VerdictText} in {result.WallSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        writer.Flush();
    }

    private sealed class Throttled(TextWriter writer, TimeProvider clock, TimeSpan interval, string prefix) : IProgress<ProgressReport>
    {
        private readonly DateTimeOffset start = clock.GetUtcNow();
        private DateTimeOffset last = clock.GetUtcNow();

        public void Report(ProgressReport value)
        {
            var now = clock.GetUtcNow();
            if (now - last < interval) return;
            last = now;
            writer.WriteLine($"{prefix}: {value.Stage} ({value.Done}/{value.Total}, {(now - start).TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s)");
            writer.Flush();
        }
    }
}
