namespace LearningMechanics.Cli.Tests;

/// <summary>Every kind of bad input ends with one clear line on stderr and exit code 2, before anything trains, and no stack trace.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly Lm lm = new();

    public void Dispose() => lm.Dispose();

    [Theory]
    [InlineData("Unknown claim 'no-such-claim'. Claims: dln-saxe-modes, diag-net-implicit-bias,", "run", "no-such-claim")]
    [InlineData("Unknown claim 'no-such-claim'. Claims: dln-saxe-modes", "describe", "no-such-claim")]
    [InlineData("Unknown claim 'no-such-claim'. Claims: dln-saxe-modes", "accept", "dln-saxe-modes", "no-such-claim")]
    [InlineData("dln-saxe-modes: Unknown parameter 'depth'. Valid: strengths (list of reals), lr (real), init_scale (real), width (integer), inputs (integer), samples (integer), steps (integer).",
        "run", "dln-saxe-modes", "--set", "depth=3")]
    [InlineData("dln-saxe-modes: 'fast' is not valid: lr expects real above 0.", "run", "dln-saxe-modes", "--set", "lr=fast")]
    [InlineData("dln-saxe-modes: -0.1 is out of range: lr expects real above 0.", "run", "dln-saxe-modes", "--set", "lr=-0.1")]
    [InlineData("dln-saxe-modes: '2.5' is not valid: steps expects integer of at least 1.", "run", "dln-saxe-modes", "--set", "steps=2.5")]
    [InlineData("ntk-lazy-linearization: 'sgd' is not valid: parameterization expects one of ntk|mup.", "run", "ntk-lazy-linearization", "--set", "parameterization=sgd")]
    [InlineData("--set 'steps' is not name=value", "run", "dln-saxe-modes", "--set", "steps")]
    [InlineData("--set '=3' is not name=value", "run", "dln-saxe-modes", "--set", "=3")]
    [InlineData("--tier 'huge' is not one of smoke, full.", "run", "dln-saxe-modes", "--tier", "huge")]
    [InlineData("--device 'tpu' is not one of auto, cpu, cuda.", "run", "dln-saxe-modes", "--device", "tpu")]
    [InlineData("--seeds 'many' is not a whole number of at least 1.", "run", "dln-saxe-modes", "--seeds", "many")]
    [InlineData("--seeds '0' is not a whole number of at least 1.", "run", "dln-saxe-modes", "--seeds", "0")]
    [InlineData("--seed-offset '-4' is not a whole number of at least 0.", "run", "dln-saxe-modes", "--seed-offset", "-4")]
    [InlineData("Give claim ids or --all, not both.", "run", "--all", "dln-saxe-modes")]
    [InlineData("Name at least one claim, or --all.", "run")]
    [InlineData("--control and --no-control exclude each other.", "run", "dln-saxe-modes", "--control", "--no-control")]
    [InlineData("Required command was not provided.")]
    [InlineData("Unrecognized command or argument 'frobnicate'.", "frobnicate")]
    public void BadInputExitsWithTwoAndSaysWhy(string expected, params string[] args)
    {
        var result = lm.Run(args);
        Assert.True(result.ExitCode == ExitCode.Usage, result.ToString());
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.False(Directory.Exists(Path.Combine(lm.Artifacts, "records")), "nothing may run or be written on bad input");
    }

    [Fact]
    public void UnknownParameterIsReportedForEveryClaimOfAll()
    {
        // --all checks the --set against every claim before any of them trains.
        var result = lm.Run("run", "--all", "--set", "strengths=1,2");
        Assert.Equal(ExitCode.Usage, result.ExitCode);
        // Only dln-saxe-modes has strengths: the first other claim in the catalogue is named, with its valid parameters.
        var first = LearningMechanics.Predictions.Catalogue.All.First(c => c.Parameters.All(p => p.Name != "strengths"));
        Assert.Contains($"{first.Id}: Unknown parameter 'strengths'. Valid: {first.Parameters[0].Name} (", result.Error);
    }

    [Fact]
    public void BadSeedOffsetInTheEnvironmentIsAUsageError()
    {
        lm.Environment["LM_SEED_OFFSET"] = "soon";
        var result = lm.Run("run", "dln-saxe-modes");
        Assert.Equal(ExitCode.Usage, result.ExitCode);
        Assert.Contains("LM_SEED_OFFSET='soon' must be a non-negative whole number.", result.Error);
    }

    [Fact]
    public void UnwritableJsonFolderIsNamedBeforeTraining()
    {
        // A regular file where the folder should be: unwritable even for root, which ignores permission bits.
        string blocker = Path.Combine(lm.Folder, "not-a-folder");
        File.WriteAllText(blocker, "");
        var result = lm.Run("run", "dln-saxe-modes", "--json", Path.Combine(blocker, "out", "results.json"));
        Assert.Equal(ExitCode.Usage, result.ExitCode);
        Assert.Contains($"Cannot write the --json file to the folder {Path.Combine(blocker, "out")}", result.Error);
    }

    [Fact]
    public void UnwritableArtifactsFolderIsNamedBeforeTraining()
    {
        string blocker = Path.Combine(lm.Folder, "not-a-folder");
        File.WriteAllText(blocker, "");
        var result = lm.Run("run", "dln-saxe-modes", "--artifacts", blocker);
        Assert.Equal(ExitCode.Usage, result.ExitCode);
        Assert.Contains($"Cannot write run records to the folder {Path.Combine(blocker, "records")}", result.Error);
    }

    [Fact]
    public void JsonPathThatIsAFolderIsAUsageError()
    {
        var result = lm.Run("run", "dln-saxe-modes", "--json", lm.Folder);
        Assert.Equal(ExitCode.Usage, result.ExitCode);
        Assert.Contains("is a folder; give a file path", result.Error);
    }
}
