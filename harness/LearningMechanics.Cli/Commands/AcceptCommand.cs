using System.CommandLine;
using LearningMechanics.Harness.Records;
using LearningMechanics.Predictions;

namespace LearningMechanics.Cli.Commands;

/// <summary>
/// `lm accept [CLAIM…]`: moves the received baselines (written by a test whose record moved or had no baseline) over
/// the approved ones, for the named claims or all; then lists approved files whose claim no longer exists.
/// </summary>
public static class AcceptCommand
{
    public static Command Create(Session session, GlobalOptions globals)
    {
        var claims = new Argument<string[]>("claims") { Description = "claim ids to approve (default: every received baseline)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("accept", "Approve received baselines: move *.received.json over *.approved.json.") { claims };
        command.SetAction(parse =>
        {
            // Validate every id first: a typo must not approve the others half-way.
            var ids = (parse.GetValue(claims) ?? []).Distinct(StringComparer.Ordinal).Select(id => ClaimIds.Find(id).Id).ToList();
            var store = globals.Locations(parse, session).Baselines();
            IReadOnlyList<string> accepted;
            try
            {
                accepted = store.Accept(ids);
            }
            catch (RecordFormatException e)
            {
                throw new UsageException($"Cannot accept: {e.Message}", e);
            }
            var o = session.Out;
            if (accepted.Count == 0)
                o.WriteLine($"Nothing to accept: no received baselines{(ids.Count > 0 ? $" of {string.Join(", ", ids)}" : "")} in {store.Folder}.");
            else
            {
                o.WriteLine($"Approved {accepted.Count} baseline{(accepted.Count == 1 ? "" : "s")} in {store.Folder}:");
                foreach (string path in accepted) o.WriteLine($"  {Path.GetFileName(path)}");
            }
            var orphans = store.Orphans(Catalogue.All.Select(c => c.Id));
            if (orphans.Count > 0)
            {
                o.WriteLine("Approved baselines with no claim in the catalogue (delete them, or restore the claim):");
                foreach (string path in orphans) o.WriteLine($"  {Path.GetFileName(path)}");
            }
            return ExitCode.Success;
        });
        return command;
    }
}
