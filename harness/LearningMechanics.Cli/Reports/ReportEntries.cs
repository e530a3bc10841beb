using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Records;
using LearningMechanics.Harness.Reporting;

namespace LearningMechanics.Cli.Reports;

/// <summary>A claim's report entry: its words from the claim, its numbers from a record, its figure from both.</summary>
public static class ReportEntries
{
    public static ReportEntry From(Claim claim, RunRecord record, string recordPath)
    {
        ClaimParameters parameters;
        try
        {
            // The figure is drawn for the parameters the record ran with (its bands follow lr, widths, …).
            parameters = claim.Defaults(TierSetting.Parse(record.Tier)).With(record.Parameters);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{recordPath}: its parameters no longer fit {claim.Id} ({e.Message}); run the claim again and approve the new record.", e);
        }
        return new ReportEntry(claim.Id, claim.Title, claim.Strand.ToString(), claim.Statement, claim.Sources.Select(s => s.ToString()).ToList(),
            claim.Control.Description, claim.RivalDescription, claim.ResolvingPower, record, claim.Figure(parameters));
    }
}
