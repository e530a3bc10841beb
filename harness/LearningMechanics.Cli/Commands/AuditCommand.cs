using System.CommandLine;
using System.Globalization;
using LearningMechanics.Cli.Auditing;
using LearningMechanics.Cli.Running;
using LearningMechanics.Cli.Terminal;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Records;
using LearningMechanics.Predictions;
using Spectre.Console;

namespace LearningMechanics.Cli.Commands;

/// <summary>
/// `lm audit [CLAIM…] --seed-offsets N`: runs each claim and its negative control at N seed offsets (0, S, 2S, …), and
/// reports per claim how many runs did not hold (false alarms), whether the control was falsified every time, whether
/// the declared resolving margin was resolved every time, and each quantity's spread over the offsets. Every run's
/// record is kept under artifacts/audits/{run}/offset-{K}/. Exit 0 only when every claim passes the audit.
/// </summary>
public static class AuditCommand
{
    public const int DefaultOffsetStep = 100;

    public static Command Create(Session session, GlobalOptions globals)
    {
        var claims = new Argument<string[]>("claims") { Description = "claim ids (default: every claim)", Arity = ArgumentArity.ZeroOrMore };
        var offsets = OptionValues.WholeNumber(new Option<int?>("--seed-offsets") { Description = "how many seed offsets to run (default 20)", HelpName = "N" }, minimum: 1);
        var step = OptionValues.WholeNumber(new Option<long?>("--offset-step") { Description = $"distance between offsets; must exceed every seed count so offsets share no seed (default {DefaultOffsetStep})", HelpName = "S" }, minimum: 1);
        var tier = TierOption.Create();
        var seeds = OptionValues.WholeNumber(new Option<int?>("--seeds") { Description = "seeds per run (default: the claim's own count for the tier)", HelpName = "N" }, minimum: 1);
        var device = OptionValues.OneOf(new Option<string?>("--device") { Description = "where to train (default: LM_DEVICE or auto)", HelpName = "auto|cpu|cuda" }, "auto", "cpu", "cuda");
        var json = new Option<string?>("--json") { Description = "also write the audit as JSON to PATH", HelpName = "PATH" };
        var noControl = new Option<bool>("--no-control") { Description = "skip the negative controls" };
        var command = new Command("audit", "Run claims over many seed offsets: false alarms, control falsifications, resolving power, spread.")
        {
            claims, offsets, step, tier, seeds, device, json, noControl,
        };
        command.SetAction(parse =>
        {
            string[] ids = parse.GetValue(claims) ?? [];
            var chosen = ids.Length == 0 ? Catalogue.All : ids.Distinct(StringComparer.Ordinal).Select(ClaimIds.Find).ToList();
            var request = new AuditRequest(
                chosen,
                TierOption.Resolve(parse, tier, session),
                parse.GetValue(offsets) ?? 20,
                parse.GetValue(step) ?? DefaultOffsetStep,
                parse.GetValue(seeds),
                parse.GetValue(noControl) ? RunSelection.ClaimOnly : RunSelection.ClaimAndControl,
                parse.GetValue(device) ?? session.Variable(ComputeDevice.Variable),
                parse.GetValue(json) is { } path ? Path.GetFullPath(path, session.WorkingDirectory) : null);
            return Execute(session, globals.Locations(parse, session), request);
        });
        return command;
    }

    private sealed record AuditRequest(IReadOnlyList<Claim> Claims, Tier Tier, int Offsets, long Step, int? SeedCount,
        RunSelection Selection, string? Device, string? JsonPath);

    private static int Execute(Session session, Locations locations, AuditRequest request)
    {
        foreach (var claim in request.Claims)
        {
            int count = request.SeedCount ?? claim.SeedCount(request.Tier);
            if (count > request.Step)
                throw new UsageException($"{claim.Id} runs {count} seeds, more than the offset step {request.Step}: offsets would share seeds. Pass --offset-step of at least {count}.");
        }
        var offsets = Enumerable.Range(0, request.Offsets).Select(i => i * request.Step).ToList();
        string runId = locations.Records().RunId;
        // Apart from artifacts/records, whose latest folder `lm report` and `lm compare` read as one suite run.
        var runFolder = Path.Combine(locations.Artifacts, "audits", runId);
        OutputFolder.EnsureWritable(runFolder, "audit records");
        OutputFolder.EnsureWritable(locations.Artifacts, "audit.md");
        if (request.JsonPath is { } jsonPath)
        {
            if (Directory.Exists(jsonPath)) throw new UsageException($"--json {jsonPath} is a folder; give a file path.");
            OutputFolder.EnsureWritable(Path.GetDirectoryName(jsonPath)!, "the --json file");
        }

        var device = RunCommand.ReadyTorch(request.Device);
        RunCommand.TakeTheCores(session, device);
        var results = new List<(long Offset, RunResult Result)>();
        List<ClaimAudit> audits = [];
        string summary = "";
        foreach (var (offset, index) in offsets.Select((o, i) => (o, i)))
        {
            session.Error.WriteLine($"lm audit: seed offset {offset} ({index + 1} of {offsets.Count})");
            var plan = RunPlan.Build(request.Claims, request.Tier, [], request.SeedCount, offset, request.Selection);
            IRunMonitor monitor = session.Interactive
                ? new LiveProgress(session.Screen)
                : new PlainProgress(session.Error, session.Clock, session.ProgressInterval);
            var store = new RecordStore(runFolder, $"offset-{offset.ToString(CultureInfo.InvariantCulture)}");
            results.AddRange(new SuiteRunner(request.Tier, device, store, locations.RepositoryRoot, monitor).Run(plan).Select(r => (offset, r)));
            // The summary is rewritten after every offset, so an audit stopped part-way keeps what it measured.
            audits = request.Claims.Select(c => ClaimAudit.Of(c, results.Where(r => r.Result.Run.Claim.Id == c.Id).ToList())).ToList();
            summary = WriteSummaries(locations, request, audits, device.Name, offsetsDone: index + 1, offsets.Count);
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (string header in AuditTable.Headers) table.AddColumn(new TableColumn(new Text(header)));
        foreach (var row in AuditTable.Rows(audits)) table.AddRow(row.Select(cell => new Text(cell)));
        session.Screen.Write(table);
        session.Out.WriteLine(summary);
        session.Out.WriteLine($"Records: {runFolder}");
        if (request.JsonPath is { } path) session.Out.WriteLine($"JSON: {path}");
        if (results.Any(r => r.Result.Error is not null))
            foreach (var failed in results.Where(r => r.Result.Error is not null))
                session.Error.WriteLine($"lm: {failed.Result.Run.Label} at offset {failed.Offset} failed: {failed.Result.Error}");
        return ExitCodeOf(results.Select(r => r.Result).ToList());
    }

    private static string WriteSummaries(Locations locations, AuditRequest request, IReadOnlyList<ClaimAudit> audits, string device, int offsetsDone, int offsetsTotal)
    {
        int failing = audits.Count(a => !a.Passes);
        string progress = offsetsDone == offsetsTotal ? "" : $" (partial: {offsetsDone} of {offsetsTotal} offsets done)";
        string summary = $"{audits.Count - failing} of {audits.Count} claims pass the audit over {offsetsDone} seed offsets (step {request.Step}){progress}.";
        string markdown = $"### lm audit: {request.Tier.Name()} tier, {device}, {offsetsDone} seed offsets{progress}\n\n{AuditTable.ToMarkdown(audits)}\n{summary}\n";
        AtomicFile.WriteAllText(Path.Combine(locations.Artifacts, "audit.md"), markdown);
        if (request.JsonPath is { } path)
        {
            var margins = request.Claims.ToDictionary(c => c.Id, c => $"{c.ResolvingPower.Text}: {c.ResolvingPower.Description}");
            AtomicFile.WriteAllText(path, AuditJson.Serialize(audits, margins));
        }
        return summary;
    }

    /// <summary>As for `lm run`: a wrong verdict or an unresolved margin is a failure (1), then errors (4), then inconclusive runs (3).</summary>
    private static int ExitCodeOf(IReadOnlyList<RunResult> results)
    {
        bool wrong = results.Any(r => r.Verdict is { } v && v != Verdict.Inconclusive && !r.AsExpected);
        bool unresolved = results.Any(r => r is { Run.IsControl: false, Outcome: { } o } && !ClaimAudit.IsResolved(r.Run.Claim, o));
        if (wrong || unresolved) return ExitCode.Falsified;
        if (results.Any(r => r.Error is not null)) return ExitCode.Error;
        return results.Any(r => r.Verdict == Verdict.Inconclusive) ? ExitCode.Inconclusive : ExitCode.Success;
    }
}
