using System.CommandLine;
using LearningMechanics.Cli.Comparing;
using LearningMechanics.Cli.Reports;
using LearningMechanics.Harness.Records;
using LearningMechanics.Harness.Reporting;
using LearningMechanics.Predictions;

namespace LearningMechanics.Cli.Commands;

/// <summary>
/// `lm report`: the committed science report (reports/README.md and reports/figures/*.svg) from the approved
/// baselines of one tier and device, and the HTML page of the latest run (artifacts/report/index.html) from its records.
/// Controls are not in either: their verdicts are in the run's table and records.
/// </summary>
public static class ReportCommand
{
    public static Command Create(Session session, GlobalOptions globals)
    {
        var tier = OptionValues.OneOf(new Option<string?>("--tier") { Description = "the baselines' tier (default smoke: the committed report)", HelpName = "smoke|full" }, "smoke", "full");
        var device = OptionValues.OneOf(new Option<string?>("--device") { Description = "the baselines' device class (default cpu)", HelpName = "cpu|cuda" }, "cpu", "cuda");
        var reports = new Option<string?>("--reports") { Description = "folder for README.md and figures/ (default: reports/ of the checkout)", HelpName = "DIR" };
        var run = new Option<string?>("--run") { Description = "the records run for the HTML page: a folder or a run id (default: the latest run)", HelpName = "RUN" };
        var command = new Command("report", "Render reports/README.md and figures from the approved baselines, and an HTML page of the latest run.")
        {
            tier, device, reports, run,
        };
        command.SetAction(parse =>
        {
            var locations = globals.Locations(parse, session);
            string reportsFolder = locations.ReportsFolder(parse.GetValue(reports) is { } r ? Path.GetFullPath(r, session.WorkingDirectory) : null);
            var o = session.Out;

            var store = locations.Baselines();
            var approved = new List<ReportEntry>();
            foreach (var claim in Catalogue.All)
            {
                string path = store.ApprovedPath(claim.Id, parse.GetValue(tier) ?? "smoke", parse.GetValue(device) ?? "cpu");
                if (!File.Exists(path))
                {
                    session.Error.WriteLine($"lm: warning: {claim.Id} has no approved baseline {path}; it is left out of the report.");
                    continue;
                }
                approved.Add(ReportEntries.From(claim, Read(path), path));
            }
            OutputFolder.EnsureWritable(reportsFolder, "the science report");
            foreach (string written in ScienceReport.Render(approved, reportsFolder)) o.WriteLine($"wrote {written}");

            string? runFolder = parse.GetValue(run) is { } id ? RecordFolder.Locate(id, locations, session) : RecordFolder.Latest(locations.RecordsRoot);
            if (runFolder is null)
            {
                o.WriteLine($"No run under {locations.RecordsRoot}: no HTML page (lm run --all writes one).");
                return ExitCode.Success;
            }
            var records = RecordFolder.Read(runFolder);
            var latest = Catalogue.All
                .Where(c => records.Records.ContainsKey(new RecordKey(c.Id, Control: false)))
                .Select(c => ReportEntries.From(c, records.Records[new RecordKey(c.Id, Control: false)], Path.Combine(runFolder, $"{c.Id}.json")))
                .ToList();
            OutputFolder.EnsureWritable(Path.GetDirectoryName(locations.HtmlReportPath)!, "the HTML report");
            o.WriteLine($"wrote {HtmlReport.Render(latest, locations.HtmlReportPath)} (run {Path.GetFileName(runFolder)})");
            return ExitCode.Success;
        });
        return command;
    }

    private static RunRecord Read(string path)
    {
        try
        {
            return RecordJson.Read(path, requireFinite: true);
        }
        catch (RecordFormatException e)
        {
            throw new UsageException($"Cannot report: {e.Message}", e);
        }
    }
}
