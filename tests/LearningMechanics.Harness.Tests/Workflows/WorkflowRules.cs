using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LearningMechanics.Harness.Tests.Workflows;

/// <summary>
/// The rules the workflows keep (issue #9). Each check returns its violations as readable lines, empty when the rule
/// holds, so a test can both assert the real files pass and feed a bad workflow to the same check to see it fail.
/// </summary>
internal static partial class WorkflowRules
{
    /// <summary>The only events allowed to start the GPU workflow: none of them runs a fork's code unguarded.</summary>
    public static readonly IReadOnlySet<string> TrustedTriggers =
        new HashSet<string>(StringComparer.Ordinal) { "push", "workflow_dispatch", "schedule", "pull_request" };

    public static readonly IReadOnlyList<string> GpuLabels = ["self-hosted", "linux", "gpu"];

    /// <summary>The comparison the guard of a self-hosted job must make for pull requests.</summary>
    public const string ForkGuard = "github.event.pull_request.head.repo.full_name == github.repository";

    /// <summary>Everything the GPU workflow must keep: triggers, no pull_request_target, permissions, guards, labels, pins.</summary>
    public static IReadOnlyList<string> GpuSecurityViolations(Workflow workflow) =>
    [
        .. TriggerViolations(workflow),
        .. PullRequestTargetViolations(workflow),
        .. PermissionViolations(workflow),
        .. SelfHostedGuardViolations(workflow),
        .. GpuLabelViolations(workflow),
        .. PinViolations(workflow),
    ];

    /// <summary>Triggers are exactly push (to main only), workflow_dispatch, schedule and pull_request.</summary>
    public static IReadOnlyList<string> TriggerViolations(Workflow workflow)
    {
        var violations = new List<string>();
        var triggers = workflow.Triggers.ToHashSet(StringComparer.Ordinal);
        foreach (string extra in triggers.Except(TrustedTriggers).Order(StringComparer.Ordinal))
            violations.Add($"trigger `{extra}` is not one of {string.Join(", ", TrustedTriggers)}");
        foreach (string missing in TrustedTriggers.Except(triggers).Order(StringComparer.Ordinal))
            violations.Add($"trigger `{missing}` is missing");

        var on = Workflow.Get(workflow.Root, "on") as YamlMappingNode;
        if (triggers.Contains("push"))
        {
            var push = Workflow.Get(on, "push") as YamlMappingNode;
            var branches = (Workflow.Get(push, "branches") as YamlSequenceNode)?.Children.OfType<YamlScalarNode>().Select(s => s.Value).ToList();
            bool onlyMain = push is not null && push.Children.Count == 1 && branches is ["main"];
            if (!onlyMain) violations.Add("push must be limited to `branches: [main]` and nothing else");
        }
        return violations;
    }

    /// <summary>pull_request_target runs with the base repository's secrets on a fork's request: it must appear nowhere.</summary>
    public static IReadOnlyList<string> PullRequestTargetViolations(Workflow workflow) =>
        workflow.AllScalars().Any(s => s.Contains("pull_request_target", StringComparison.OrdinalIgnoreCase))
            ? ["`pull_request_target` appears in the workflow"]
            : [];

    /// <summary>Top-level permissions are exactly <c>contents: read</c>; a job may only narrow them (read or none).</summary>
    public static IReadOnlyList<string> PermissionViolations(Workflow workflow)
    {
        var violations = new List<string>();
        YamlNode? top = Workflow.Get(workflow.Root, "permissions");
        if (top is not YamlMappingNode map || map.Children.Count != 1 || Workflow.Scalar(map, "contents") != "read")
            violations.Add($"top-level permissions must be exactly `contents: read`, not {Describe(top)}");
        foreach (var (id, job) in workflow.Jobs)
        {
            YamlNode? permissions = Workflow.Get(job, "permissions");
            if (permissions is null) continue;
            bool narrow = permissions is YamlMappingNode jobMap
                && jobMap.Children.All(kv => (kv.Value as YamlScalarNode)?.Value is "none"
                                             || ((kv.Key as YamlScalarNode)?.Value == "contents" && (kv.Value as YamlScalarNode)?.Value == "read"));
            if (!narrow) violations.Add($"job `{id}` widens permissions to {Describe(permissions)}");
        }
        return violations;
    }

    /// <summary>
    /// The events a guard is tried on, and whether it must let the job run. Pull requests whose head is this repository
    /// pass; a fork's (or one whose fork was deleted, so its head repo is null) is stopped; every other trigger passes.
    /// </summary>
    public static IEnumerable<(string Case, IReadOnlyDictionary<string, object?> Contexts, bool MustRun)> GuardCases()
    {
        const string repository = "learning-mechanics/LearningMechanics.Predictions";
        yield return ("push to main", Contexts("push", repository, Map()), true);
        yield return ("schedule", Contexts("schedule", repository, Map()), true);
        yield return ("workflow_dispatch", Contexts("workflow_dispatch", repository, Map(("inputs", Map()))), true);
        yield return ("pull request from a branch of this repository", Contexts("pull_request", repository, PullRequestFrom(HeadRepo(repository))), true);
        yield return ("pull request from a fork", Contexts("pull_request", repository, PullRequestFrom(HeadRepo("mallory/LearningMechanics.Predictions"))), false);
        yield return ("pull request from a fork of a similar name", Contexts("pull_request", repository, PullRequestFrom(HeadRepo("learning-mechanics-fork/LearningMechanics.Predictions"))), false);
        yield return ("pull request from a deleted fork", Contexts("pull_request", repository, PullRequestFrom(null)), false);

        static IReadOnlyDictionary<string, object?> HeadRepo(string fullName) =>
            Map(("full_name", fullName), ("fork", fullName != repository));

        static IReadOnlyDictionary<string, object?> PullRequestFrom(IReadOnlyDictionary<string, object?>? headRepo) =>
            Map(("pull_request", Map(("head", Map(("repo", headRepo))))));
    }

    /// <summary>
    /// Every job that may run on a self-hosted runner has an <c>if:</c> that compares the pull request's head repository
    /// with this one (<see cref="ForkGuard"/>), stops forks' pull requests and lets the other trusted events through.
    /// </summary>
    public static IReadOnlyList<string> SelfHostedGuardViolations(Workflow workflow)
    {
        var violations = new List<string>();
        foreach (var (id, job) in workflow.Jobs.Where(j => Workflow.MayRunSelfHosted(j.Job)))
        {
            string? guard = Workflow.Scalar(job, "if");
            if (string.IsNullOrWhiteSpace(guard))
            {
                violations.Add($"self-hosted job `{id}` has no `if:` guard against forks' pull requests");
                continue;
            }
            if (!GuardExpression.Normalize(guard).Contains(ForkGuard, StringComparison.Ordinal))
                violations.Add($"self-hosted job `{id}`: its guard `{guard}` does not compare `{ForkGuard}`");
            foreach (var (name, contexts, mustRun) in GuardCases())
            {
                bool runs;
                try
                {
                    runs = GuardExpression.IsTrue(guard, contexts);
                }
                catch (Exception e) when (e is NotSupportedException or FormatException)
                {
                    violations.Add($"self-hosted job `{id}`: its guard `{guard}` cannot be checked: {e.Message}");
                    break;
                }
                if (runs != mustRun)
                    violations.Add($"self-hosted job `{id}`: its guard `{guard}` {(runs ? "runs" : "skips")} on a {name}");
            }
        }
        return violations;
    }

    /// <summary>Every job of the GPU workflow runs on the GPU runner: labels self-hosted, linux and gpu.</summary>
    public static IReadOnlyList<string> GpuLabelViolations(Workflow workflow)
    {
        var violations = new List<string>();
        if (!workflow.Jobs.Any()) violations.Add("the workflow has no job");
        foreach (var (id, job) in workflow.Jobs)
        {
            var labels = Workflow.RunsOn(job);
            var missing = GpuLabels.Except(labels, StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
                violations.Add($"job `{id}` runs on [{string.Join(", ", labels)}], without {string.Join(", ", missing)}");
        }
        return violations;
    }

    /// <summary>Every <c>uses:</c> (step or reusable workflow) names a version tag or a full commit SHA, never a branch.</summary>
    public static IReadOnlyList<string> PinViolations(Workflow workflow)
    {
        var uses = workflow.Jobs.Select(j => (Where: $"job `{j.Id}`", Uses: Workflow.Scalar(j.Job, "uses")))
            .Concat(workflow.Steps.Select(s => (Where: $"a step of job `{s.JobId}`", Uses: Workflow.Scalar(s.Step, "uses"))))
            .Where(u => u.Uses is not null);
        var violations = new List<string>();
        foreach (var (where, reference) in uses)
        {
            if (reference!.StartsWith("./", StringComparison.Ordinal)) continue; // an action in this repository, at this commit
            int at = reference.LastIndexOf('@');
            if (at < 0)
                violations.Add($"{where} uses `{reference}` without a version");
            else if (!PinnedRef().IsMatch(reference[(at + 1)..]))
                violations.Add($"{where} uses `{reference}`: pin a version tag (v4, v4.1.2) or a commit SHA, not a branch");
        }
        return violations;
    }

    /// <summary>Uploads run on failure too and do not fail when a kind of artifact was not made.</summary>
    public static IReadOnlyList<string> UploadViolations(Workflow workflow)
    {
        var violations = new List<string>();
        foreach (var (jobId, step) in workflow.Steps)
        {
            string? uses = Workflow.Scalar(step, "uses");
            if (uses is null || !uses.StartsWith("actions/upload-artifact@", StringComparison.Ordinal)) continue;
            string name = Workflow.Scalar(step, "name") ?? uses;
            string condition = GuardExpression.Normalize(Workflow.Scalar(step, "if") ?? "");
            if (condition != "always()")
                violations.Add($"job `{jobId}`, upload `{name}`: needs `if: always()` to upload on failure too, has `{condition}`");
            string? missing = Workflow.Scalar(Workflow.Get(step, "with") as YamlMappingNode, "if-no-files-found");
            if (missing != "ignore")
                violations.Add($"job `{jobId}`, upload `{name}`: needs `if-no-files-found: ignore`, has `{missing ?? "(default: warn)"}`");
        }
        return violations;
    }

    /// <summary>
    /// The scripts the workflow's <c>run:</c> blocks start: <c>bash X</c> / <c>sh X</c> in command position, and commands
    /// that are themselves a relative path (<c>./x.sh</c>, <c>.ci/run</c>). Paths are relative to the step's
    /// working-directory (the repository root by default).
    /// </summary>
    public static IReadOnlyList<string> ScriptPaths(Workflow workflow)
    {
        var paths = new List<string>();
        foreach (var (_, step) in workflow.Steps)
        {
            string? run = Workflow.Scalar(step, "run");
            if (run is null) continue;
            string directory = Workflow.Scalar(step, "working-directory") ?? "";
            foreach (string line in run.Split('\n'))
            {
                if (line.TrimStart().StartsWith('#')) continue;
                string code = QuotedText().Replace(line, "''"); // "(see a/b.md)" in an echo is no command
                foreach (Match match in ScriptCommand().Matches(code))
                {
                    string path = match.Groups["path"].Value;
                    if (path.StartsWith('-') || path.Contains('$')) continue; // an option (bash -c …) or a variable
                    paths.Add(Path.Join(directory, path).Replace('\\', '/'));
                }
            }
        }
        return paths;
    }

    public static IReadOnlyList<string> MissingScripts(Workflow workflow, string repositoryRoot) =>
        ScriptPaths(workflow)
            .Where(path => !File.Exists(Path.Combine(repositoryRoot, path)))
            .Select(path => $"{workflow.Name} runs `{path}`, which is not in the repository")
            .ToList();

    private static string Describe(YamlNode? node) => node switch
    {
        null => "(none: the default token permissions)",
        YamlScalarNode s => $"`{s.Value}`",
        YamlMappingNode m => "{" + string.Join(", ", m.Children.Select(kv => $"{kv.Key}: {kv.Value}")) + "}",
        _ => node.ToString(),
    };

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in entries) map[key] = value;
        return map;
    }

    private static IReadOnlyDictionary<string, object?> Contexts(string eventName, string repository, IReadOnlyDictionary<string, object?> payload) =>
        Map(("github", Map(("event_name", eventName), ("repository", repository), ("ref", "refs/heads/main"), ("event", payload))),
            ("inputs", Map()), ("env", Map()), ("vars", Map()));

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'[^']*'")]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"^(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")]
    private static partial Regex PinnedRef();

    // A command position (line start, or after ; & | ( `then` `do`), then either `bash|sh <path>` or a path with a slash.
    [GeneratedRegex(@"(?:^|[;&|(]|\bthen\b|\bdo\b)\s*(?:(?:bash|sh)\s+(?<path>[^\s;&|)]+)|(?<path>\.{0,2}/?[\w.-]+/[\w./-]*[\w-])(?=\s|;|$))")]
    private static partial Regex ScriptCommand();
}
