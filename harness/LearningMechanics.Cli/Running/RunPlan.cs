using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Cli.Running;

/// <summary>
/// Turns the command line into the list of runs, checking every --set against every chosen claim before anything
/// trains: a typo found after a three-minute run would lose the run.
/// </summary>
public static class RunPlan
{
    /// <param name="overrides">Applied to the claim runs, or to the control runs when only controls are selected.</param>
    /// <param name="seedCount">Overrides each claim's own seed count for the tier.</param>
    public static IReadOnlyList<PlannedRun> Build(IEnumerable<Claim> claims, Tier tier, IReadOnlyList<KeyValuePair<string, string>> overrides,
        int? seedCount, long seedOffset, RunSelection selection)
    {
        var runs = new List<PlannedRun>();
        foreach (var claim in claims)
        {
            var seeds = SeedPlan.Seeds(seedCount ?? claim.SeedCount(tier), seedOffset);
            if (selection != RunSelection.ControlOnly)
                runs.Add(new PlannedRun(claim, IsControl: false, Apply(claim, claim.Defaults(tier), overrides), seeds));
            if (selection != RunSelection.ClaimOnly)
            {
                // By default the control keeps its own parameters: it is the regime the claim names, not the user's.
                var control = claim.ControlParameters(tier);
                runs.Add(new PlannedRun(claim, IsControl: true, selection == RunSelection.ControlOnly ? Apply(claim, control, overrides) : control, seeds));
            }
        }
        return runs;
    }

    private static ClaimParameters Apply(Claim claim, ClaimParameters parameters, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        try
        {
            return parameters.With(overrides);
        }
        catch (ArgumentException e)
        {
            // ClaimParameters and ParameterSpec already say what is valid: the names with types, or the expected value.
            throw new UsageException($"{claim.Id}: {e.Message}", e);
        }
    }
}
