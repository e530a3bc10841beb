using System.CommandLine;
using LearningMechanics.Predictions;
using Spectre.Console;

namespace LearningMechanics.Cli.Commands;

/// <summary>`lm list`: every claim with its strand, title and source.</summary>
public static class ListCommand
{
    public static Command Create(Session session)
    {
        var command = new Command("list", "List every claim: id, strand, title, source.");
        command.SetAction(_ =>
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (string header in new[] { "id", "strand", "title", "source" }) table.AddColumn(new TableColumn(new Text(header)));
            table.Columns[0].NoWrap();
            foreach (var claim in Catalogue.All)
            {
                string source = string.Join("; ", claim.Sources.Select(s => $"{s.Authors} ({s.Year})"));
                table.AddRow(new Text(claim.Id), new Text(StrandName.Of(claim.Strand)), new Text(claim.Title), new Text(source));
            }
            session.Screen.Write(table);
            return ExitCode.Success;
        });
        return command;
    }
}
