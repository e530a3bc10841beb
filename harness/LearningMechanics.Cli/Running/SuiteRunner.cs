using System.Diagnostics;
using LearningMechanics.Cli.Terminal;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Records;

namespace LearningMechanics.Cli.Running;

/// <summary>
/// Runs planned claims one after another (they share libtorch's global RNG and the machine's cores), writing a record
/// for each. An experiment that throws is reported as that run's error and the others still run: a long suite run
/// loses nothing to one broken claim.
/// </summary>
public sealed class SuiteRunner(Tier tier, ComputeDevice device, RecordStore records, string? repositoryRoot, IRunMonitor monitor)
{
    public IReadOnlyList<RunResult> Run(IReadOnlyList<PlannedRun> plan) =>
        monitor.Show(() => plan.Select((run, index) => RunOne(run, index, plan.Count)).ToList());

    private RunResult RunOne(PlannedRun run, int index, int count)
    {
        var progress = monitor.Started(run, index, count);
        var context = new RunContext(tier, device, run.Seeds, progress);
        var clock = Stopwatch.StartNew();
        RunResult result;
        try
        {
            var outcome = run.Claim.Run(run.Parameters, context, run.IsControl);
            var record = RunRecords.From(run.Claim, outcome, context, repositoryRoot);
            result = RunResult.Completed(run, outcome, record, records.Write(record));
        }
        catch (Exception e) when (e is not NativeLibraryException)
        {
            result = RunResult.Failed(run, $"{e.GetType().Name}: {e.Message}", clock.Elapsed.TotalSeconds);
        }
        monitor.Finished(run, result);
        return result;
    }
}
