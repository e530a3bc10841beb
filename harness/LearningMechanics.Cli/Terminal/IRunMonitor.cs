using LearningMechanics.Cli.Running;
using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Cli.Terminal;

/// <summary>Shows how far long work has got: live bars on a terminal, throttled lines in logs.</summary>
public interface IRunMonitor
{
    /// <summary>Does <paramref name="work"/> while the display is up (a live display owns the terminal meanwhile).</summary>
    T Show<T>(Func<T> work);

    /// <summary>A run starts; the returned sink receives the claim's own progress (seed k of n, …).</summary>
    IProgress<ProgressReport> Started(PlannedRun run, int index, int count);

    void Finished(PlannedRun run, RunResult result);
}
