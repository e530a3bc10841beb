using System.Text.Json.Nodes;

namespace LearningMechanics.Cli.Tests;

/// <summary>`lm bench` in its quick mode, without timing the suite (that would run `dotnet test` inside `dotnet test`).</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly Lm lm = new();

    public void Dispose() => lm.Dispose();

    [Fact]
    public void QuickBenchWritesTheFourFiguresAndNullForASkippedSuite()
    {
        string path = Path.Combine(lm.Folder, "bench.json");

        var result = lm.Run("bench", "--quick", "--no-suite", "--json", path);

        Assert.True(result.ExitCode == ExitCode.Success, result.ToString());
        Assert.Contains("step_over_matmul_flops", result.Out);
        Assert.Contains("smoke_suite_seconds     skipped (--no-suite)", result.Out);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (string key in new[] { "step_over_matmul_flops", "hvp_over_grad", "ensemble8_over_single", "matmul_gflops", "step_seconds", "small_ensemble8_over_single" })
        {
            double value = json[key]!.GetValue<double>();
            Assert.True(value > 0 && double.IsFinite(value), $"{key} = {value}");
        }
        Assert.True(json.ContainsKey("smoke_suite_seconds"));
        Assert.Null(json["smoke_suite_seconds"]);
        Assert.True(json["quick"]!.GetValue<bool>());
        Assert.True(json["threads"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public void AJsonPathThatIsAFolderIsAUsageError()
    {
        var result = lm.Run("bench", "--quick", "--no-suite", "--json", lm.Folder);

        Assert.Equal(ExitCode.Usage, result.ExitCode);
        Assert.Contains("is a folder; give a file path", result.Error);
    }

    [Fact]
    public void HelpListsTheQuickAndNoSuiteOptions()
    {
        var result = lm.Run("bench", "--help");

        Assert.Equal(ExitCode.Success, result.ExitCode);
        Assert.Contains("--no-suite", result.Out);
        Assert.Contains("--quick", result.Out);
    }
}
