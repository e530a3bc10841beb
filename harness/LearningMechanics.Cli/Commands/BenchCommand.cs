using System.CommandLine;
using System.Globalization;
using LearningMechanics.Cli.Benchmarking;

namespace LearningMechanics.Cli.Commands;

/// <summary>
/// `lm bench`: in one run, the training step's FLOP rate against a large matmul's, one Hessian-vector product against
/// one gradient, a K = 8 ensemble step against a single-seed step, and the wall time of `dotnet test` (skipped with
/// --no-suite). Threads follow LM_THREADS, as for every torch run.
/// </summary>
public static class BenchCommand
{
    public static Command Create(Session session, GlobalOptions globals)
    {
        var json = new Option<string?>("--json") { Description = "also write the figures and raw timings as JSON to PATH", HelpName = "PATH" };
        var noSuite = new Option<bool>("--no-suite") { Description = "skip timing `dotnet test` (smoke_suite_seconds is then null)" };
        var quick = new Option<bool>("--quick") { Description = "few repetitions and a 512³ matmul: seconds, rough figures (for tests)" };
        var command = new Command("bench", "Measure step FLOP/s against a large matmul, HVP/gradient cost, ensemble speed-up and the smoke suite's wall time.")
        {
            json, noSuite, quick,
        };
        command.SetAction(parse =>
        {
            string? jsonPath = parse.GetValue(json) is { } p ? Path.GetFullPath(p, session.WorkingDirectory) : null;
            if (jsonPath is not null)
            {
                if (Directory.Exists(jsonPath)) throw new UsageException($"--json {jsonPath} is a folder; give a file path.");
                OutputFolder.EnsureWritable(Path.GetDirectoryName(jsonPath)!, "the --json file");
            }
            string? root = null;
            if (!parse.GetValue(noSuite))
            {
                root = globals.Locations(parse, session).RepositoryRoot
                    ?? throw new UsageException("No checkout found (no LearningMechanics.Predictions.sln above the working directory) to run `dotnet test` in; pass --no-suite.");
            }
            return Execute(session, parse.GetValue(quick), root, jsonPath);
        });
        return command;
    }

    private static int Execute(Session session, bool quick, string? repositoryRoot, string? jsonPath)
    {
        RunCommand.ReadyTorch("cpu");
        int threads = TorchSharp.torch.get_num_threads();
        var o = session.Out;
        o.WriteLine($"lm bench: {threads} thread(s){(quick ? ", quick" : "")}; medians of ratios timed back to back.");
        var result = MachineBench.Measure(quick ? BenchPlan.Quick : BenchPlan.Default, threads, quick, what => o.WriteLine($"measuring {what}…"));
        if (repositoryRoot is not null)
        {
            o.WriteLine($"timing `dotnet test` in {repositoryRoot}…");
            var (seconds, exitCode) = SmokeSuite.Time(repositoryRoot, o);
            result = result with { SmokeSuiteSeconds = seconds, SmokeSuiteExitCode = exitCode };
        }
        o.WriteLine($"step_over_matmul_flops  {F(result.StepOverMatmulFlops)}  (step {F(result.StepGflops)} GFLOP/s, {result.MatmulSize}³ matmul {F(result.MatmulGflops)} GFLOP/s; target ≥ 0.4)");
        o.WriteLine($"hvp_over_grad           {F(result.HvpOverGrad)}  (HVP {Ms(result.HvpSeconds)}, gradient {Ms(result.GradientSeconds)}; from scratch {F(result.HvpFromScratchOverGrad)}; target ≤ 3)");
        o.WriteLine($"ensemble8_over_single   {F(result.Ensemble8OverSingle)}  (K=8 {Ms(result.Ensemble8StepSeconds)}, single {Ms(result.SingleStepSeconds)}; claim-sized net {F(result.SmallEnsemble8OverSingle)}; target ≤ 2.5)");
        o.WriteLine($"smoke_suite_seconds     {(result.SmokeSuiteSeconds is double s ? F(s) + (result.SmokeSuiteExitCode == 0 ? "" : $" (dotnet test exit {result.SmokeSuiteExitCode})") : "skipped (--no-suite)")}");
        if (jsonPath is not null) File.WriteAllText(jsonPath, result.ToJson());
        return ExitCode.Success;
    }

    private static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Ms(double seconds) => (seconds * 1e3).ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
