using System.CommandLine;
using System.Globalization;
using LearningMechanics.Cli.Comparing;
using LearningMechanics.Harness.Records;
using Spectre.Console;

namespace LearningMechanics.Cli.Commands;

/// <summary>
/// `lm compare A B`: two record folders (artifacts/records/{run}/, or just the run ids), claim by claim and quantity by
/// quantity. A quantity moved when the change exceeds both its declared tolerance and the two runs' combined CIs.
/// Exit 0 when nothing moved and no verdict changed, 1 otherwise (claims in only one folder are listed, not judged).
/// </summary>
public static class CompareCommand
{
    public static Command Create(Session session, GlobalOptions globals)
    {
        var a = new Argument<string>("A") { Description = "a record folder, or a run id under the artifacts' records/" };
        var b = new Argument<string>("B") { Description = "the folder (or run id) to compare with A" };
        var command = new Command("compare", "Compare two runs' records: what moved beyond tolerance and CIs, and which verdicts changed.") { a, b };
        command.SetAction(parse =>
        {
            var locations = globals.Locations(parse, session);
            var first = RecordFolder.Read(RecordFolder.Locate(parse.GetValue(a)!, locations, session));
            var second = RecordFolder.Read(RecordFolder.Locate(parse.GetValue(b)!, locations, session));
            return Report(session, first, second);
        });
        return command;
    }

    private static int Report(Session session, RecordFolder first, RecordFolder second)
    {
        var o = session.Out;
        o.WriteLine($"A: {first.Path}");
        o.WriteLine($"B: {second.Path}");
        var pairs = first.Records.Keys.Where(second.Records.ContainsKey)
            .Select(key => RecordPairComparison.Of(key, first.Records[key], second.Records[key])).ToList();

        if (pairs.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (string header in new[] { "claim", "quantity", "A", "B", "change", "allowed", "" }) table.AddColumn(new TableColumn(new Text(header)));
            foreach (var pair in pairs)
            {
                // The claim on every row, so a moved quantity can be found with grep in a CI log.
                foreach (var q in pair.Quantities)
                {
                    table.AddRow(new Text(pair.Key.ToString()), new Text(q.Name), new Text(Format(q.Approved)), new Text(Format(q.Received)),
                        new Text(Format(q.Approved is null || q.Received is null ? null : q.Difference)), new Text(Format(q.Allowed)), new Text(Note(q)));
                }
            }
            session.Screen.Write(table);
        }
        foreach (var pair in pairs.Where(p => p.VerdictChanged)) o.WriteLine($"✗ {pair.Key}: verdict changed {pair.A.Verdict} → {pair.B.Verdict}");
        foreach (var pair in pairs.Where(p => p.SetupDifference is not null))
            o.WriteLine($"note: {pair.Key}: the runs differ in setup ({pair.SetupDifference}); judged by the combined CIs");
        Only("A", first.Records.Keys.Where(k => !second.Records.ContainsKey(k)), o);
        Only("B", second.Records.Keys.Where(k => !first.Records.ContainsKey(k)), o);

        if (pairs.Count == 0)
        {
            o.WriteLine("No claim has records in both folders: nothing compared.");
            return ExitCode.Falsified;
        }
        var moved = pairs.Where(p => p.Moved).Select(p => p.Key.ToString()).ToList();
        o.WriteLine(moved.Count == 0
            ? $"Nothing moved beyond tolerance or the combined CIs ({pairs.Count} compared)."
            : $"Moved: {string.Join(", ", moved)} ({moved.Count} of {pairs.Count} compared).");
        return moved.Count == 0 ? ExitCode.Success : ExitCode.Falsified;
    }

    private static void Only(string side, IEnumerable<RecordKey> keys, TextWriter o)
    {
        var list = keys.ToList();
        if (list.Count > 0) o.WriteLine($"Only in {side}: {string.Join(", ", list)}");
    }

    private static string Note(QuantityComparison q) =>
        q.Received is null ? "✗ only in A"
        : q.Approved is null ? "✗ only in B"
        : q.Matches ? q.Note
        : $"✗ {q.Note}";

    private static string Format(double? x) => x is double v ? v.ToString("G6", CultureInfo.InvariantCulture) : "—";
}
