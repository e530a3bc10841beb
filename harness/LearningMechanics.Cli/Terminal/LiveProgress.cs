using LearningMechanics.Cli.Running;
using LearningMechanics.Harness.Predictions;
using Spectre.Console;

namespace LearningMechanics.Cli.Terminal;

/// <summary>
/// A Spectre.Console progress bar per run on an interactive terminal. Claims report synchronously from the training
/// thread; Spectre redraws from its own thread, and its tasks are safe to update from another.
/// </summary>
public sealed class LiveProgress(IAnsiConsole console) : IRunMonitor
{
    private readonly Dictionary<PlannedRun, ProgressTask> tasks = [];
    private ProgressContext? context;

    public T Show<T>(Func<T> work) =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                context = ctx;
                try { return work(); }
                finally { context = null; }
            });

    public IProgress<ProgressReport> Started(PlannedRun run, int index, int count)
    {
        var ctx = context ?? throw new InvalidOperationException("Started outside Show.");
        var task = ctx.AddTask(Markup.Escape(run.Label), autoStart: true, maxValue: Math.Max(1, run.Seeds.Count));
        tasks[run] = task;
        return new TaskProgress(task, run.Label);
    }

    public void Finished(PlannedRun run, RunResult result)
    {
        if (!tasks.Remove(run, out var task)) return;
        task.Value = task.MaxValue;
        task.Description = Markup.Escape($"{run.Label}: {result.VerdictText} ({result.WallSeconds:0.0} s)");
        task.StopTask();
    }

    private sealed class TaskProgress(ProgressTask task, string label) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value)
        {
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = Math.Clamp(value.Done, 0, value.Total);
            task.Description = Markup.Escape($"{label}: {value.Stage}");
        }
    }
}
