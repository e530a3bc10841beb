using System.Diagnostics;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace LearningMechanics.Harness.Tests.Workflows;

/// <summary>
/// Runs the workflows' "Step summary" scripts, as written in the YAML, with bash the way GitHub does
/// (<c>bash --noprofile --norc -eo pipefail</c>) in a scratch folder: they must append the closing count, the verdict
/// table and the coverage summary, and stay under GitHub's 1 MiB step-summary limit however large those files grow.
/// </summary>
public sealed class StepSummaryTests : IDisposable
{
    private const int StepSummaryLimit = 1024 * 1024;

    private readonly string folder = Directory.CreateTempSubdirectory("lm-summary-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    internal static IEnumerable<YamlMappingNode> SummarySteps(Workflow workflow) =>
        workflow.Steps.Select(s => s.Step)
            .Where(step => (Workflow.Scalar(step, "name") ?? "").StartsWith("Step summary", StringComparison.Ordinal));

    public static TheoryData<string, string> Steps()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in new[] { "ci.yml", "gpu.yml" })
            foreach (var step in SummarySteps(Workflow.Load(RepositoryRoot.Workflow(file))))
                data.Add(file, Workflow.Scalar(step, "name")!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void SmallResultsAreCopiedWhole(string file, string stepName)
    {
        var (title, runLog, script) = Step(file, stepName);
        Write(runLog, "== dotnet test\n  total: 12\nTests: 11 passed, 0 failed, 1 skipped\n");
        Write("artifacts/summary.md", "| claim | verdict |\n| --- | --- |\n| edge-of-stability | Holds |\n");
        Write("artifacts/coverage/SummaryGithub.md", "# Summary\n| Line coverage | 81.2% |\n");

        string summary = Run(script, title, runLog);

        Assert.Contains($"## {title}", summary, StringComparison.Ordinal);
        Assert.Contains("**Tests: 11 passed, 0 failed, 1 skipped**", summary, StringComparison.Ordinal);
        Assert.Contains("| edge-of-stability | Holds |", summary, StringComparison.Ordinal);
        Assert.Contains("<details><summary>Coverage</summary>", summary, StringComparison.Ordinal);
        Assert.Contains("| Line coverage | 81.2% |", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Cut here", summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void HugeResultsAreCutUnderOneMebibyteAtLineEnds(string file, string stepName)
    {
        var (title, runLog, script) = Step(file, stepName);
        Write(runLog, "Tests: 3 passed, 1 failed, 0 skipped\n");
        Write("artifacts/summary.md", Lines("| claim-{0} | Holds | λ·lr/2 = 0.98 [0.95, 1.01] |", 60_000));     // ~2.9 MB, non-ASCII
        Write("artifacts/coverage/SummaryGithub.md", Lines("| Namespace.Type{0} | 75% |", 40_000));          // ~1 MB

        string summary = Run(script, title, runLog, out int bytes);

        Assert.InRange(bytes, 1, StepSummaryLimit - 1);
        Assert.Contains("**Tests: 3 passed, 1 failed, 0 skipped**", summary, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(summary, "Cut here"));
        Assert.Contains("</details>", summary, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', summary); // no character cut in half
        string[] tableRows = summary.Split('\n').Where(l => l.StartsWith("| claim-", StringComparison.Ordinal)).ToArray();
        Assert.True(tableRows.Length > 1000, $"only {tableRows.Length} verdict rows kept");
        Assert.All(tableRows, row => Assert.EndsWith("|", row, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void MissingResultsAreSaidSo(string file, string stepName)
    {
        var (title, runLog, script) = Step(file, stepName);

        string summary = Run(script, title, runLog);

        Assert.Contains("No closing `Tests:` line", summary, StringComparison.Ordinal);
        Assert.Contains("No verdict table was written", summary, StringComparison.Ordinal);
        Assert.Contains("No coverage summary was written", summary, StringComparison.Ordinal);
    }

    private static (string Title, string RunLog, string Script) Step(string file, string stepName)
    {
        var workflow = Workflow.Load(RepositoryRoot.Workflow(file));
        var step = SummarySteps(workflow).Single(s => Workflow.Scalar(s, "name") == stepName);
        var env = Workflow.Get(step, "env") as YamlMappingNode;
        string script = Workflow.Scalar(step, "run") ?? throw new InvalidDataException($"{file}: `{stepName}` has no run:");
        // The script takes its inputs from env, never from ${{ }} inside the script (which would also be an injection risk).
        Assert.DoesNotContain("${{", script, StringComparison.Ordinal);
        return (Workflow.Scalar(env, "SUMMARY_TITLE") ?? "", Workflow.Scalar(env, "RUN_LOG") ?? "", script);
    }

    private string Run(string script, string title, string runLog) => Run(script, title, runLog, out _);

    private string Run(string script, string title, string runLog, out int bytes)
    {
        string bash = new[] { "/bin/bash", "/usr/bin/bash" }.FirstOrDefault(File.Exists) ?? "";
        if (bash == "") Assert.Skip("bash is not installed");
        string scriptPath = Path.Combine(folder, "step.sh");
        File.WriteAllText(scriptPath, script);
        string summaryPath = Path.Combine(folder, "step-summary-out.md");
        Directory.CreateDirectory(Path.Combine(folder, "runner-temp"));

        var start = new ProcessStartInfo(bash) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "--noprofile", "--norc", "-eo", "pipefail", scriptPath }) start.ArgumentList.Add(arg);
        start.Environment["GITHUB_STEP_SUMMARY"] = summaryPath;
        start.Environment["RUNNER_TEMP"] = Path.Combine(folder, "runner-temp");
        start.Environment["SUMMARY_TITLE"] = title;
        start.Environment["RUN_LOG"] = runLog;
        start.Environment["LC_ALL"] = "C.UTF-8";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the summary script did not finish in 30 s");
        Assert.True(process.ExitCode == 0, $"the summary script exited {process.ExitCode}: {stderr} {stdout.Result}");

        byte[] content = File.ReadAllBytes(summaryPath);
        bytes = content.Length;
        return new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(content);
    }

    private void Write(string relativePath, string content)
    {
        string path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static string Lines(string format, int count)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++) text.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, i)).Append('\n');
        return text.ToString();
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
