using LearningMechanics.Harness.Records;

namespace LearningMechanics.Cli;

/// <summary>
/// The folders `lm` reads and writes: the repository (for the git commit and the default folders), the artifacts
/// folder (records/{run}/ and summary.md) and the approved baselines. --artifacts / LM_ARTIFACTS_DIR and
/// --baselines / LM_BASELINES_DIR move them, so tests and scratch runs never touch the checkout's own folders.
/// </summary>
public sealed record Locations(string? RepositoryRoot, string Artifacts, string? BaselinesFolder)
{
    public const string ArtifactsVariable = "LM_ARTIFACTS_DIR";
    public const string BaselinesVariable = "LM_BASELINES_DIR";

    public string RecordsRoot => Path.Combine(Artifacts, "records");

    public string SummaryPath => Path.Combine(Artifacts, "summary.md");

    /// <summary>The HTML report of the latest run (not committed).</summary>
    public string HtmlReportPath => Path.Combine(Artifacts, "report", "index.html");

    /// <summary>The committed science report: {repository}/reports.</summary>
    public string ReportsFolder(string? option) =>
        option is not null ? Path.GetFullPath(option)
        : RepositoryRoot is not null ? Path.Combine(RepositoryRoot, "reports")
        : throw new UsageException("No checkout found (no LearningMechanics.Predictions.sln above the working directory); pass --reports FOLDER.");

    /// <summary>The repository holding the working directory, else the one this build came from; explicit folders win.</summary>
    public static Locations Resolve(Session session, string? artifacts, string? baselines)
    {
        string? root = Provenance.RepositoryRoot(session.WorkingDirectory) ?? Provenance.RepositoryRoot(AppContext.BaseDirectory);
        artifacts ??= NonEmpty(session.Variable(ArtifactsVariable));
        baselines ??= NonEmpty(session.Variable(BaselinesVariable));
        return new Locations(
            root,
            Path.GetFullPath(artifacts ?? Path.Combine(root ?? session.WorkingDirectory, "artifacts"), session.WorkingDirectory),
            baselines is not null ? Path.GetFullPath(baselines, session.WorkingDirectory)
                : root is not null ? BaselineStore.ForRepository(root).Folder
                : null);
    }

    /// <summary>
    /// Records of this process's run. The run id is the harness's own (LM_RUN_ID, else time and process id), so a
    /// suite run by `lm` and one by `dotnet test` name their folders the same way.
    /// </summary>
    public RecordStore Records() => new(RecordsRoot, RecordStore.ForRepository(RepositoryRoot).RunId);

    public BaselineStore Baselines() => new(BaselinesFolder
        ?? throw new UsageException($"No checkout found (no LearningMechanics.Predictions.sln above the working directory); pass --baselines FOLDER or set {BaselinesVariable}."));

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
