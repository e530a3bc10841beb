using System.CommandLine;

namespace LearningMechanics.Cli.Commands;

/// <summary>The `lm` root command and its verbs.</summary>
public static class LmCommand
{
    public static RootCommand Create(Session session)
    {
        var globals = new GlobalOptions();
        return new RootCommand("lm: run and audit the falsifiable claims of deep-learning theory (LearningMechanics.Predictions).")
        {
            globals.Artifacts,
            globals.Baselines,
            ListCommand.Create(session),
            DescribeCommand.Create(session),
            RunCommand.Create(session, globals),
            AuditCommand.Create(session, globals),
            AcceptCommand.Create(session, globals),
            CompareCommand.Create(session, globals),
            ReportCommand.Create(session, globals),
            BenchCommand.Create(session, globals),
        };
    }
}
