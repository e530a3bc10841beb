using System.CommandLine;

namespace LearningMechanics.Cli.Commands;

/// <summary>Options every verb takes: where artifacts and baselines live (default: the checkout's own folders).</summary>
public sealed class GlobalOptions
{
    public Option<string?> Artifacts { get; } = new("--artifacts")
    {
        Description = $"folder for records/{{run}}/ and summary.md (default: artifacts/ of the checkout; or {Cli.Locations.ArtifactsVariable})",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<string?> Baselines { get; } = new("--baselines")
    {
        Description = $"folder of approved baselines (default: tests/LearningMechanics.Predictions.Tests/Baselines; or {Cli.Locations.BaselinesVariable})",
        HelpName = "DIR",
        Recursive = true,
    };

    public Locations Locations(ParseResult parse, Session session) =>
        Cli.Locations.Resolve(session, parse.GetValue(Artifacts), parse.GetValue(Baselines));
}
