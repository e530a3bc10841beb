using System.CommandLine;
using System.Globalization;
using LearningMechanics.Cli.Reports;
using LearningMechanics.Cli.Running;
using LearningMechanics.Cli.Terminal;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Records;
using LearningMechanics.Harness.Reporting;
using LearningMechanics.Predictions;

namespace LearningMechanics.Cli.Commands;

/// <summary>
/// `lm run CLAIM… | --all`: runs each claim and, by default, its negative control; prints the verdict table; writes a
/// record per run, artifacts/summary.md (the CI workflows copy it into the job summary) and optionally --json. All
/// input is checked before anything trains.
/// </summary>
public static class RunCommand
{
    public static Command Create(Session session, GlobalOptions globals)
    {
        var claims = new Argument<string[]>("claims") { Description = "claim ids (see lm list)", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "run every claim in the catalogue" };
        var tier = TierOption.Create();
        var set = new Option<string[]>("--set")
        {
            Description = "override a parameter of the claim run (repeatable; lm describe CLAIM lists them)",
            HelpName = "name=value",
        };
        var seeds = OptionValues.WholeNumber(new Option<int?>("--seeds") { Description = "number of seeds (default: the claim's own count for the tier)", HelpName = "N" }, minimum: 1);
        var seedOffset = OptionValues.WholeNumber(new Option<long?>("--seed-offset") { Description = $"shift every seed list by K (default: {SeedPlan.OffsetVariable} or 0)", HelpName = "K" }, minimum: 0);
        var device = OptionValues.OneOf(new Option<string?>("--device") { Description = $"where to train (default: {ComputeDevice.Variable} or auto)", HelpName = "auto|cpu|cuda" },
            "auto", "cpu", "cuda");
        var json = new Option<string?>("--json") { Description = "also write the results as a JSON array to PATH", HelpName = "PATH" };
        var controlOnly = new Option<bool>("--control") { Description = "run only the negative controls (--set then applies to them)" };
        var noControl = new Option<bool>("--no-control") { Description = "skip the negative controls (faster; the exit code then judges the claims alone)" };
        var command = new Command("run", "Run claims (and their negative controls), print the verdicts, write records.")
        {
            claims, all, tier, set, seeds, seedOffset, device, json, controlOnly, noControl,
        };
        command.SetAction(parse =>
        {
            var chosen = ChooseClaims(parse.GetValue(claims) ?? [], parse.GetValue(all));
            if (parse.GetValue(controlOnly) && parse.GetValue(noControl)) throw new UsageException("--control and --no-control exclude each other.");
            var selection = parse.GetValue(controlOnly) ? RunSelection.ControlOnly : parse.GetValue(noControl) ? RunSelection.ClaimOnly : RunSelection.ClaimAndControl;
            int? seedCount = parse.GetValue(seeds);
            var request = new RunRequest(
                chosen,
                TierOption.Resolve(parse, tier, session),
                ParameterOverrides.Parse(parse.GetValue(set) ?? []),
                seedCount,
                SeedOffset(parse.GetValue(seedOffset), session),
                selection,
                parse.GetValue(device) ?? session.Variable(ComputeDevice.Variable),
                parse.GetValue(json) is { } path ? Path.GetFullPath(path, session.WorkingDirectory) : null);
            return Execute(session, globals.Locations(parse, session), request);
        });
        return command;
    }

    private sealed record RunRequest(IReadOnlyList<Claim> Claims, Tier Tier, IReadOnlyList<KeyValuePair<string, string>> Overrides,
        int? SeedCount, long SeedOffset, RunSelection Selection, string? Device, string? JsonPath);

    private static int Execute(Session session, Locations locations, RunRequest request)
    {
        var plan = RunPlan.Build(request.Claims, request.Tier, request.Overrides, request.SeedCount, request.SeedOffset, request.Selection);
        var records = locations.Records();
        OutputFolder.EnsureWritable(records.RunFolder, "run records");
        OutputFolder.EnsureWritable(locations.Artifacts, "summary.md");
        if (request.JsonPath is { } jsonPath)
        {
            if (Directory.Exists(jsonPath)) throw new UsageException($"--json {jsonPath} is a folder; give a file path.");
            OutputFolder.EnsureWritable(Path.GetDirectoryName(jsonPath)!, "the --json file");
        }

        var device = ReadyTorch(request.Device);
        TakeTheCores(session, device);
        IRunMonitor monitor = session.Interactive
            ? new LiveProgress(session.Screen)
            : new PlainProgress(session.Error, session.Clock, session.ProgressInterval);
        var results = new SuiteRunner(request.Tier, device, records, locations.RepositoryRoot, monitor).Run(plan);

        var verdict = SuiteVerdict.Of(results);
        session.Screen.Write(VerdictTable.ToTable(results));
        session.Out.WriteLine(verdict.Summary);
        foreach (var failed in results.Where(r => r.Error is not null)) session.Error.WriteLine($"lm: {failed.Run.Label} failed: {failed.Error}");
        session.Out.WriteLine($"Records: {records.RunFolder}");

        string markdown = Summary(request, device, results, verdict, records);
        Write(locations.SummaryPath, markdown);
        // The HTML page of this run (claims, not controls), so the main job leaves a report to read.
        var entries = results.Where(r => r is { Record: not null, Run.IsControl: false })
            .Select(r => ReportEntries.From(r.Run.Claim, r.Record!, r.RecordPath!)).ToList();
        if (entries.Count > 0)
        {
            OutputFolder.EnsureWritable(Path.GetDirectoryName(locations.HtmlReportPath)!, "the HTML report");
            session.Out.WriteLine($"Report: {HtmlReport.Render(entries, locations.HtmlReportPath)}");
        }
        if (request.JsonPath is { } path)
        {
            Write(path, RunJson.Serialize(results, request.Tier, device.Name));
            session.Out.WriteLine($"JSON: {path}");
        }
        return verdict.ExitCode;
    }

    private static IReadOnlyList<Claim> ChooseClaims(string[] ids, bool all)
    {
        if (all && ids.Length > 0) throw new UsageException("Give claim ids or --all, not both.");
        if (all) return Catalogue.All;
        if (ids.Length == 0) throw new UsageException($"Name at least one claim, or --all. Claims: {string.Join(", ", Catalogue.All.Select(c => c.Id))}.");
        return ids.Distinct(StringComparer.Ordinal).Select(ClaimIds.Find).ToList();
    }

    private static long SeedOffset(long? option, Session session)
    {
        if (option is long k) return k;
        string? text = session.Variable(SeedPlan.OffsetVariable);
        if (string.IsNullOrWhiteSpace(text)) return 0;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long offset)
            ? offset
            : throw new UsageException($"{SeedPlan.OffsetVariable}='{text}' must be a non-negative whole number.");
    }

    /// <summary>Loads libtorch (with the libstdc++ preflight), fixes the thread count, then picks the device: in that order, before any torch use.</summary>
    internal static ComputeDevice ReadyTorch(string? device)
    {
        TorchRuntime.EnsureLoaded();
        try
        {
            Threads.Configure();
            return ComputeDevice.Resolve(device);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // A bad LM_THREADS or LM_DEVICE, or cuda asked for on a machine without it: the message names the fix.
            throw new UsageException(e.Message, e);
        }
    }

    /// <summary>
    /// A CPU run on every core waits for the machine-wide turn (<see cref="ExclusiveCores"/>), as the test assemblies do:
    /// two processes whose OpenMP teams each span every core take longer together than one after the other. A run given
    /// fewer threads (LM_THREADS) has chosen to share the cores and does not wait.
    /// </summary>
    internal static void TakeTheCores(Session session, ComputeDevice device)
    {
        if (device.Kind == DeviceKind.Cpu && TorchSharp.torch.get_num_threads() >= Environment.ProcessorCount)
            ExclusiveCores.HoldForProcess(ExclusiveCores.DefaultPath, message => session.Error.WriteLine($"lm: {message}"));
    }

    private static string Summary(RunRequest request, ComputeDevice device, IReadOnlyList<RunResult> results, SuiteVerdict verdict, RecordStore records) =>
        $"### lm run: {request.Tier.Name()} tier, {device.Name}\n\n{VerdictTable.ToMarkdown(results)}\n{verdict.Summary} Exit code {verdict.ExitCode}. Records: `{records.RunFolder}`.\n";

    private static void Write(string path, string content)
    {
        try
        {
            AtomicFile.WriteAllText(path, content);
        }
        catch (IOException e)
        {
            throw new UsageException($"{e.Message} (the run records are written)", e);
        }
    }
}
