using System.CommandLine;
using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Cli.Commands;

/// <summary>--tier smoke|full; without it, LM_TIER (default smoke), as for `dotnet test`.</summary>
public static class TierOption
{
    public static Option<string?> Create() => OptionValues.OneOf(new Option<string?>("--tier")
    {
        Description = $"smoke (CPU-sized, the default) or full (wider, longer, more seeds); default: {TierSetting.Variable} or smoke",
        HelpName = "smoke|full",
    }, "smoke", "full");

    public static Tier Resolve(ParseResult parse, Option<string?> option, Session session)
    {
        try
        {
            return TierSetting.Parse(parse.GetValue(option) ?? session.Variable(TierSetting.Variable));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e);
        }
    }
}
