namespace LearningMechanics.Harness.Records;

/// <summary>
/// Approved baselines, one per claim, tier and device class: {claim}.{tier}.{device}.approved.json. A check never
/// creates or changes an approved file; only <see cref="Accept"/> (LM_ACCEPT=1, or `lm accept`) moves a received file
/// over it. Control runs are not baselined: their verdict is asserted directly.
/// </summary>
public sealed class BaselineStore(string folder)
{
    public const string AcceptVariable = "LM_ACCEPT";
    private const string ApprovedSuffix = ".approved.json";
    private const string ReceivedSuffix = ".received.json";

    public string Folder { get; } = folder;

    public static bool AcceptRequested => Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true";

    /// <summary>The folder tests/LearningMechanics.Predictions.Tests/Baselines of a repository.</summary>
    public static BaselineStore ForRepository(string repositoryRoot) =>
        new(Path.Combine(repositoryRoot, "tests", "LearningMechanics.Predictions.Tests", "Baselines"));

    public string ApprovedPath(string claim, string tier, string device) => Path.Combine(Folder, $"{claim}.{tier}.{device}{ApprovedSuffix}");

    public string ReceivedPath(string claim, string tier, string device) => Path.Combine(Folder, $"{claim}.{tier}.{device}{ReceivedSuffix}");

    /// <summary>Compares a record with its approved baseline; writes a received file when they differ or no baseline exists.</summary>
    public BaselineCheck Check(RunRecord received, bool accept = false)
    {
        if (received.Control) throw new ArgumentException("Control runs are not baselined.", nameof(received));
        string approvedPath = ApprovedPath(received.Claim, received.Tier, received.Device);
        string receivedPath = ReceivedPath(received.Claim, received.Tier, received.Device);
        string acceptCommand = $"LM_ACCEPT=1 dotnet test (or: dotnet run --project harness/LearningMechanics.Cli -- accept {received.Claim})";

        if (!File.Exists(approvedPath))
        {
            AtomicFile.WriteAllText(receivedPath, RecordJson.Serialize(received));
            if (accept) return Accepted(received, approvedPath);
            return new BaselineCheck(BaselineStatus.Missing,
                $"No approved baseline {approvedPath}. The run was written to {receivedPath}; to approve it after reviewing it: {acceptCommand}",
                approvedPath, null);
        }

        var approved = RecordJson.Read(approvedPath, requireFinite: true);
        var comparison = BaselineComparison.Compare(approved, received);
        if (!comparison.Comparable && !accept)
            return new BaselineCheck(BaselineStatus.NotComparable,
                $"Not compared with {approvedPath}: {comparison.NotComparableReason}. If the claim's setup changed on purpose, approve this run: {acceptCommand}",
                approvedPath, comparison);
        if (comparison.Matches)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return new BaselineCheck(BaselineStatus.Matches, $"Matches {approvedPath}.", approvedPath, comparison);
        }

        AtomicFile.WriteAllText(receivedPath, RecordJson.Serialize(received));
        if (accept) return Accepted(received, approvedPath);
        return new BaselineCheck(BaselineStatus.Mismatch,
            $"{received.Claim} moved from its approved baseline {approvedPath}:\n{comparison.Table()}Received: {receivedPath}\nIf the change is intended: {acceptCommand}",
            approvedPath, comparison);
    }

    /// <summary>Moves received files over approved ones, for the given claims (all when empty); returns the approved paths written.</summary>
    public IReadOnlyList<string> Accept(IReadOnlyCollection<string> claimIds)
    {
        if (!Directory.Exists(Folder)) return [];
        var accepted = new List<string>();
        foreach (string received in Directory.EnumerateFiles(Folder, "*" + ReceivedSuffix).Order(StringComparer.Ordinal))
        {
            var record = RecordJson.Read(received, requireFinite: true);
            if (claimIds.Count > 0 && !claimIds.Contains(record.Claim)) continue;
            string approved = ApprovedPath(record.Claim, record.Tier, record.Device);
            File.Move(received, approved, overwrite: true);
            accepted.Add(approved);
        }
        return accepted;
    }

    /// <summary>Approved files whose claim id is not among <paramref name="knownClaims"/>.</summary>
    public IReadOnlyList<string> Orphans(IEnumerable<string> knownClaims)
    {
        if (!Directory.Exists(Folder)) return [];
        var known = knownClaims.ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateFiles(Folder, "*" + ApprovedSuffix)
            .Where(path => !known.Contains(Path.GetFileName(path).Split('.')[0]))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private BaselineCheck Accepted(RunRecord received, string approvedPath)
    {
        Accept([received.Claim]);
        return new BaselineCheck(BaselineStatus.Accepted, $"Accepted as the new baseline: {approvedPath}.", approvedPath, null);
    }
}
