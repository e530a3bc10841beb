using System.Globalization;

namespace LearningMechanics.Harness.Records;

/// <summary>
/// Run records under {root}/{run}/{claim}.json (a control's as {claim}.control.json). One run id per process (or
/// LM_RUN_ID), so every claim of one suite run lands in one folder; files are written atomically.
/// </summary>
public sealed class RecordStore(string root, string runId)
{
    public const string RunIdVariable = "LM_RUN_ID";

    private static readonly Lazy<string> ProcessRunId = new(() =>
        Environment.GetEnvironmentVariable(RunIdVariable) is { Length: > 0 } id
            ? id
            : DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    public string Root { get; } = root;

    public string RunId { get; } = IsSafeName(runId) ? runId : throw new ArgumentException($"Run id '{runId}' must be a plain folder name.", nameof(runId));

    public string RunFolder => Path.Combine(Root, RunId);

    /// <summary>The store at {repository}/artifacts/records with this process's run id.</summary>
    public static RecordStore ForRepository(string? repositoryRoot) =>
        new(Path.Combine(repositoryRoot ?? Directory.GetCurrentDirectory(), "artifacts", "records"), ProcessRunId.Value);

    public string PathOf(string claimId, bool control) => Path.Combine(RunFolder, control ? $"{claimId}.control.json" : $"{claimId}.json");

    public string Write(RunRecord record)
    {
        string path = PathOf(record.Claim, record.Control);
        AtomicFile.WriteAllText(path, RecordJson.Serialize(record));
        return path;
    }

    private static bool IsSafeName(string name) =>
        name.Length > 0 && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && name is not "." and not "..";
}
