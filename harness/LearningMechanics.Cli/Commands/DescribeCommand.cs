using System.CommandLine;
using System.Globalization;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Statistics;
using Spectre.Console;

namespace LearningMechanics.Cli.Commands;

/// <summary>
/// `lm describe CLAIM`: what an auditor needs before running a claim: statement, sources, parameters, the predictions
/// at the tier's defaults as formulas with their regions, the negative control and the rival theory.
/// </summary>
public static class DescribeCommand
{
    public static Command Create(Session session)
    {
        var claimArgument = new Argument<string>("claim") { Description = "claim id (see lm list)" };
        var tier = TierOption.Create();
        var command = new Command("describe", "Show a claim: statement, sources, parameters, predictions, negative control, rival theory.")
        {
            claimArgument,
            tier,
        };
        command.SetAction(parse =>
        {
            var claim = ClaimIds.Find(parse.GetValue(claimArgument)!);
            Write(session, claim, TierOption.Resolve(parse, tier, session));
            return ExitCode.Success;
        });
        return command;
    }

    private static void Write(Session session, Claim claim, Tier tier)
    {
        var o = session.Out;
        o.WriteLine($"{claim.Id}: {claim.Title}");
        o.WriteLine($"strand: {StrandName.Of(claim.Strand)} · precision: {claim.Precision.Name()} · seeds: {claim.SeedCount(Tier.Smoke)} (smoke), {claim.SeedCount(Tier.Full)} (full)");
        o.WriteLine();
        o.WriteLine("Statement");
        o.WriteLine($"  {claim.Statement}");
        o.WriteLine();
        o.WriteLine("Sources");
        foreach (var source in claim.Sources) o.WriteLine($"  {source}");
        o.WriteLine();
        o.WriteLine($"Parameters (lm run {claim.Id} --set name=value)");
        o.Flush();
        session.Screen.Write(ParameterTable(claim));
        o.WriteLine();
        o.WriteLine($"Predictions at the {tier.Name()} defaults");
        // Some predictions are computed with torch (e.g. a kernel's eigenvalues), so the native library must be loaded.
        RunCommand.ReadyTorch("cpu");
        WritePredictions(o, claim.Predict(claim.Defaults(tier)));
        o.WriteLine();
        o.WriteLine("Negative control (must come out Falsified)");
        o.WriteLine($"  {claim.Control.Description}");
        o.WriteLine($"  overrides: {string.Join(", ", claim.Control.Overrides.Select(kv => $"{kv.Key}={kv.Value}"))}");
        o.WriteLine($"  run it alone: lm run {claim.Id} --control");
        o.WriteLine();
        o.WriteLine("Rival theory (the same measurement must falsify it)");
        o.WriteLine($"  {claim.RivalDescription}");
    }

    private static Table ParameterTable(Claim claim)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string header in new[] { "name", "type", "smoke", "full", "meaning" }) table.AddColumn(new TableColumn(new Text(header)));
        foreach (var p in claim.Parameters)
            table.AddRow(new Text(p.Name), new Text(TypeText(p)), new Text(p.Smoke), new Text(p.Full), new Text(p.Meaning));
        return table;
    }

    private static void WritePredictions(TextWriter o, IReadOnlyList<Prediction> predictions)
    {
        foreach (var p in predictions)
        {
            o.WriteLine($"  {p.Quantity} ∈ [{Estimate.Format(p.Low)}, {Estimate.Format(p.High)}]");
            o.WriteLine($"      from {p.Formula}; width: {p.ToleranceReason}");
        }
    }

    /// <summary>The type with the range --set accepts, e.g. "real > 0", "integer ≥ 1", "list of reals, each > 0", "one of ntk|mup".</summary>
    public static string TypeText(ParameterSpec p)
    {
        if (p.Minimum is not double min) return p.TypeName;
        string bound = $"{(p.MinimumExclusive ? ">" : "≥")} {min.ToString("R", CultureInfo.InvariantCulture)}";
        return p.Kind == ParameterKind.RealList ? $"{p.TypeName}, each {bound}" : $"{p.TypeName} {bound}";
    }
}
