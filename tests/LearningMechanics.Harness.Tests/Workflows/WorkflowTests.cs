using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LearningMechanics.Harness.Tests.Workflows;

/// <summary>
/// Checks .github/workflows/ci.yml and gpu.yml without running them (issue #9): they parse, the scripts they start
/// exist, and gpu.yml keeps the self-hosted runner's security rules. Each rule is also fed a broken workflow to show
/// that it fails when it should.
/// </summary>
public sealed class WorkflowTests
{
    private static Workflow Ci => Workflow.Load(RepositoryRoot.Workflow("ci.yml"));

    private static Workflow Gpu => Workflow.Load(RepositoryRoot.Workflow("gpu.yml"));

    private static string GpuText => File.ReadAllText(RepositoryRoot.Workflow("gpu.yml"));

    [Theory]
    [InlineData("ci.yml")]
    [InlineData("gpu.yml")]
    public void WorkflowParsesWithTriggersAndJobs(string fileName)
    {
        var workflow = Workflow.Load(RepositoryRoot.Workflow(fileName));
        Assert.NotEmpty(workflow.Triggers);
        Assert.NotEmpty(workflow.Jobs);
        Assert.All(workflow.Jobs, job => Assert.NotNull(Workflow.Get(job.Job, "steps") as YamlSequenceNode));
    }

    [Fact]
    public void MalformedYamlIsRejected()
    {
        const string broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n     - run: bad indent\n";
        Assert.ThrowsAny<YamlException>(() => Workflow.Parse(broken));
        Assert.Throws<InvalidDataException>(() => Workflow.Parse("- just\n- a list\n"));
    }

    [Theory]
    [InlineData("ci.yml")]
    [InlineData("gpu.yml")]
    public void ScriptsTheWorkflowRunsExist(string fileName)
    {
        var workflow = Workflow.Load(RepositoryRoot.Workflow(fileName));
        Assert.Contains(".ci/run", WorkflowRules.ScriptPaths(workflow));
        Assert.Empty(WorkflowRules.MissingScripts(workflow, RepositoryRoot.Path));
    }

    [Fact]
    public void ScriptFinderSeesBashAndPathCommandsAndReportsMissingOnes()
    {
        var sample = Workflow.Parse("""
            on: push
            jobs:
              a:
                runs-on: ubuntu-latest
                steps:
                  - run: |
                      # bash not/a/script.sh (a comment)
                      bash .ci/run 2>&1 | tee log
                      make && bash scripts/missing.sh --fast
                      echo bash is not a command here; ./tools/nope.sh
                      echo "(see docs/not-a-command.md)" 'and (docs/nor-this.md)'
                      bash -c 'echo inline'
                      if [ -f x ]; then sh build/step.sh; fi
                      dotnet msbuild harness/LearningMechanics.Harness
                  - run: bash lint.sh
                    working-directory: tools
            """);

        Assert.Equal([".ci/run", "scripts/missing.sh", "./tools/nope.sh", "build/step.sh", "tools/lint.sh"], WorkflowRules.ScriptPaths(sample));
        var missing = WorkflowRules.MissingScripts(sample, RepositoryRoot.Path);
        Assert.Equal(4, missing.Count);
        Assert.DoesNotContain(missing, m => m.Contains("`.ci/run`", StringComparison.Ordinal));
    }

    [Fact]
    public void CiRunsTheCiEntryOnHostedRunnersOnly()
    {
        var ci = Ci;
        Assert.Contains(ci.Steps, s => (Workflow.Scalar(s.Step, "run") ?? "").Contains("bash .ci/run", StringComparison.Ordinal));
        // ci.yml runs on every pull request, forks' too: none of its jobs may reach a self-hosted runner.
        Assert.All(ci.Jobs, job =>
        {
            Assert.False(Workflow.MayRunSelfHosted(job.Job), $"ci.yml job {job.Id} may run on a self-hosted runner");
            Assert.StartsWith("ubuntu-", Assert.Single(Workflow.RunsOn(job.Job)), StringComparison.Ordinal);
        });
        Assert.Contains("pull_request", ci.Triggers);
        Assert.Empty(WorkflowRules.PullRequestTargetViolations(ci));
        Assert.Empty(WorkflowRules.PermissionViolations(ci));
        Assert.Empty(WorkflowRules.SelfHostedGuardViolations(ci));
    }

    [Fact]
    public void CiCachesNuGetPackagesAndUploadsEveryKindOfResult()
    {
        var ci = Ci;
        Assert.Contains(ci.Steps, s => (Workflow.Scalar(s.Step, "uses") ?? "").StartsWith("actions/setup-dotnet@", StringComparison.Ordinal));
        Assert.Contains(ci.Steps, s => (Workflow.Scalar(s.Step, "uses") ?? "").StartsWith("actions/cache@", StringComparison.Ordinal)
                                       && (Workflow.Scalar(Workflow.Get(s.Step, "with") as YamlMappingNode, "path") ?? "").Contains(".nuget/packages", StringComparison.Ordinal));
        string uploaded = UploadedPaths(ci);
        Assert.Contains("**/*.received.json", uploaded, StringComparison.Ordinal);
        Assert.Contains("artifacts/records/", uploaded, StringComparison.Ordinal);
        Assert.Contains("artifacts/coverage/", uploaded, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ci.yml")]
    [InlineData("gpu.yml")]
    public void UploadsAndSummariesRunOnFailureToo(string fileName)
    {
        var workflow = Workflow.Load(RepositoryRoot.Workflow(fileName));
        Assert.Empty(WorkflowRules.UploadViolations(workflow));
        var summaries = StepSummaryTests.SummarySteps(workflow).ToList();
        Assert.NotEmpty(summaries);
        Assert.All(summaries, s => Assert.Equal("always()", Workflow.Scalar(s, "if")));
    }

    [Fact]
    public void UploadRuleRejectsAnUploadThatSkipsFailuresOrFailsWhenEmpty()
    {
        var sample = Workflow.Parse("""
            on: push
            jobs:
              a:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/upload-artifact@v4
                    with:
                      path: artifacts/records/
            """);
        var violations = WorkflowRules.UploadViolations(sample);
        Assert.Contains(violations, v => v.Contains("if: always()", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("if-no-files-found: ignore", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ci.yml")]
    [InlineData("gpu.yml")]
    public void EveryActionIsPinnedToAVersion(string fileName)
    {
        var workflow = Workflow.Load(RepositoryRoot.Workflow(fileName));
        Assert.Contains(workflow.Steps, s => Workflow.Scalar(s.Step, "uses") is not null);
        Assert.Empty(WorkflowRules.PinViolations(workflow));
    }

    [Fact]
    public void GpuWorkflowKeepsEverySecurityRule() =>
        Assert.Empty(WorkflowRules.GpuSecurityViolations(Gpu));

    [Fact]
    public void GpuTriggersAreExactlyTheTrustedOnes()
    {
        var gpu = Gpu;
        Assert.Equal(WorkflowRules.TrustedTriggers.Order(StringComparer.Ordinal), gpu.Triggers.Order(StringComparer.Ordinal));
        var push = Workflow.Get(Workflow.Get(gpu.Root, "on") as YamlMappingNode, "push") as YamlMappingNode;
        var branches = Assert.IsType<YamlSequenceNode>(Workflow.Get(push, "branches"));
        Assert.Equal("main", Assert.IsType<YamlScalarNode>(Assert.Single(branches.Children)).Value);
        Assert.Empty(WorkflowRules.PullRequestTargetViolations(gpu));
    }

    [Fact]
    public void GpuTokenCanOnlyReadContents()
    {
        var permissions = Assert.IsType<YamlMappingNode>(Workflow.Get(Gpu.Root, "permissions"));
        var (scope, access) = Assert.Single(permissions.Children);
        Assert.Equal("contents", ((YamlScalarNode)scope).Value);
        Assert.Equal("read", ((YamlScalarNode)access).Value);
    }

    [Fact]
    public void GpuJobsRunOnTheGpuRunnerBehindTheForkGuard()
    {
        var gpu = Gpu;
        Assert.All(gpu.Jobs, job =>
        {
            Assert.Subset(Workflow.RunsOn(job.Job).ToHashSet(), WorkflowRules.GpuLabels.ToHashSet());
            Assert.Contains(WorkflowRules.ForkGuard, GuardExpression.Normalize(Workflow.Scalar(job.Job, "if") ?? ""), StringComparison.Ordinal);
        });
        Assert.Empty(WorkflowRules.SelfHostedGuardViolations(gpu));
    }

    [Fact]
    public void GpuBuildsWithTheCudaSwitchAndRunsBothTiersOnCuda()
    {
        var gpu = Gpu;
        var (jobId, job) = Assert.Single(gpu.Jobs);
        Assert.Contains(gpu.Steps, s => (Workflow.Scalar(s.Step, "run") ?? "").Contains("dotnet build", StringComparison.Ordinal)
                                        && (Workflow.Scalar(s.Step, "run") ?? "").Contains("-p:TorchBackend=cuda", StringComparison.Ordinal));

        var tierRuns = gpu.Steps.Where(s => (Workflow.Scalar(s.Step, "run") ?? "").Contains("bash .ci/run", StringComparison.Ordinal))
            .Select(s => gpu.EnvironmentOf(job, s.Step)).ToList();
        Assert.Equal(["full", "smoke"], tierRuns.Select(env => env.GetValueOrDefault("LM_TIER", "")).Order(StringComparer.Ordinal));
        Assert.All(tierRuns, env =>
        {
            Assert.Equal("cuda", env.GetValueOrDefault("LM_DEVICE"));
            // .ci/run restores and builds by itself: the switch must reach it as an environment variable (an MSBuild property).
            Assert.Equal("cuda", env.GetValueOrDefault("TorchBackend"));
        });
        Assert.Equal("cuda", jobId);
        string uploaded = UploadedPaths(gpu);
        Assert.Contains("artifacts/records/", uploaded, StringComparison.Ordinal);
        Assert.Contains("artifacts/report/", uploaded, StringComparison.Ordinal);
    }

    [Fact]
    public void GuardRuleRejectsASelfHostedJobWithoutAGuard()
    {
        var sample = Workflow.Parse("""
            on:
              push:
                branches: [main]
              pull_request:
            permissions:
              contents: read
            jobs:
              train:
                runs-on: [self-hosted, linux, gpu]
                steps:
                  - uses: actions/checkout@v4
                  - run: bash .ci/run
            """);
        Assert.Equal(["self-hosted job `train` has no `if:` guard against forks' pull requests"], WorkflowRules.SelfHostedGuardViolations(sample));
    }

    /// <summary>Each edit breaks one rule of the real gpu.yml; the combined check must name it.</summary>
    [Theory]
    [InlineData("drop the guard", "    if: github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository\n", "", "has no `if:` guard")]
    [InlineData("guard that skips push", "if: github.event_name != 'pull_request' || ", "if: ", "skips on a push to main")]
    [InlineData("guard without the comparison", "github.event.pull_request.head.repo.full_name == github.repository", "github.event.pull_request.head.repo.fork == false", "does not compare")]
    [InlineData("guard that lets forks in", "== github.repository\n", "== github.repository || github.event.pull_request.head.repo.fork\n", "runs on a pull request from a fork")]
    [InlineData("guard that trusts the owner's name", "github.event.pull_request.head.repo.full_name == github.repository", "github.event.pull_request.head.repo.full_name != 'x' && github.repository == 'learning-mechanics/LearningMechanics.Predictions'", "runs on a pull request from a fork")]
    [InlineData("guard the check cannot read", "if: github.event_name", "if: always() && github.event_name", "cannot be checked")]
    [InlineData("pull_request_target", "  pull_request:\n", "  pull_request_target:\n", "`pull_request_target` appears")]
    [InlineData("an extra trigger", "  workflow_dispatch:\n", "  issue_comment:\n  workflow_dispatch:\n", "trigger `issue_comment` is not one of")]
    [InlineData("push from any branch", "    branches: [main]\n", "    branches: [\"**\"]\n", "push must be limited")]
    [InlineData("write-all token", "permissions:\n  contents: read\n", "permissions: write-all\n", "top-level permissions")]
    [InlineData("no permissions", "permissions:\n  contents: read\n", "", "top-level permissions")]
    [InlineData("contents: write", "permissions:\n  contents: read\n", "permissions:\n  contents: write\n", "top-level permissions")]
    [InlineData("a job widens the token", "    runs-on: [self-hosted, linux, gpu]\n", "    runs-on: [self-hosted, linux, gpu]\n    permissions:\n      contents: write\n", "widens permissions")]
    [InlineData("no gpu label", "runs-on: [self-hosted, linux, gpu]", "runs-on: [self-hosted, linux]", "without gpu")]
    [InlineData("action on a branch", "actions/checkout@v4", "actions/checkout@main", "not a branch")]
    [InlineData("action without a version", "actions/setup-dotnet@v4", "actions/setup-dotnet", "without a version")]
    public void GpuSecurityCheckCatchesABrokenRule(string edit, string from, string to, string expected)
    {
        string text = GpuText;
        Assert.True(text.Contains(from, StringComparison.Ordinal), $"'{edit}': gpu.yml no longer contains `{from}`; update this case");
        var violations = WorkflowRules.GpuSecurityViolations(Workflow.Parse(text.Replace(from, to, StringComparison.Ordinal), "gpu.yml (" + edit + ")"));
        Assert.True(violations.Any(v => v.Contains(expected, StringComparison.Ordinal)),
            $"'{edit}' should be reported with '{expected}'; got: {string.Join(" | ", violations)}");
    }

    [Fact]
    public void GpuSecurityCheckCatchesASecondUnguardedJob()
    {
        string text = GpuText.TrimEnd() + "\n\n  extra:\n    runs-on: [self-hosted, linux, gpu]\n    steps:\n      - run: echo hi\n";
        var violations = WorkflowRules.GpuSecurityViolations(Workflow.Parse(text));
        Assert.Equal(["self-hosted job `extra` has no `if:` guard against forks' pull requests"], violations);
    }

    [Theory]
    [InlineData("github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository", "push", null, true)]
    [InlineData("github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository", "pull_request", "o/r", true)]
    [InlineData("${{ github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository }}", "pull_request", "O/R", true)]
    [InlineData("github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository", "pull_request", "fork/r", false)]
    [InlineData("github.event.pull_request.head.repo.full_name == github.repository", "push", null, false)]
    [InlineData("!(github.event_name == 'pull_request') && 'yes'", "push", null, true)]
    [InlineData("github.event_name == 'pull_request' && ''", "pull_request", "o/r", false)]
    [InlineData("null == github.event.pull_request.head.repo.full_name", "push", null, true)]
    [InlineData("github.event.pull_request.head.repo.full_name != 'it''s'", "pull_request", "it's", false)]
    public void GuardExpressionFollowsGitHubSemantics(string expression, string eventName, string? headRepository, bool expected)
    {
        var head = headRepository is null
            ? new Dictionary<string, object?>()
            : new Dictionary<string, object?> { ["pull_request"] = new Dictionary<string, object?> { ["head"] = new Dictionary<string, object?> { ["repo"] = new Dictionary<string, object?> { ["full_name"] = headRepository } } } };
        var contexts = new Dictionary<string, object?>
        {
            ["github"] = new Dictionary<string, object?> { ["event_name"] = eventName, ["repository"] = "o/r", ["event"] = head },
        };
        Assert.Equal(expected, GuardExpression.IsTrue(expression, contexts));
    }

    [Theory]
    [InlineData("success() && true", typeof(NotSupportedException))]
    [InlineData("runner.os == 'Linux'", typeof(NotSupportedException))]
    [InlineData("github.event_name == 'push' ||", typeof(FormatException))]
    [InlineData("github.event_name > 'a'", typeof(NotSupportedException))]
    public void GuardExpressionRefusesWhatItCannotEvaluate(string expression, Type error)
    {
        var contexts = new Dictionary<string, object?> { ["github"] = new Dictionary<string, object?>() };
        Assert.IsType(error, Record.Exception(() => GuardExpression.IsTrue(expression, contexts)));
    }

    private static string UploadedPaths(Workflow workflow) => string.Join('\n', workflow.Steps
        .Where(s => (Workflow.Scalar(s.Step, "uses") ?? "").StartsWith("actions/upload-artifact@", StringComparison.Ordinal))
        .Select(s => Workflow.Scalar(Workflow.Get(s.Step, "with") as YamlMappingNode, "path") ?? ""));
}
