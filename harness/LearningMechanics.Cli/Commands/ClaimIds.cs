using LearningMechanics.Harness.Predictions;
using LearningMechanics.Predictions;

namespace LearningMechanics.Cli.Commands;

/// <summary>Claim ids from the command line, checked against the catalogue; an unknown one lists the valid ids.</summary>
public static class ClaimIds
{
    public static Claim Find(string id)
    {
        try
        {
            return Catalogue.Find(id);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e);
        }
    }
}
