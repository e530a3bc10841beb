using LearningMechanics.Harness.Records;

namespace LearningMechanics.Cli.Comparing;

/// <summary>The run records of one folder (artifacts/records/{run}/), by claim and whether the run was a control.</summary>
public sealed record RecordFolder(string Path, IReadOnlyDictionary<RecordKey, RunRecord> Records)
{
    /// <summary>
    /// Reads every *.json record of a folder. A folder that does not exist, holds no records, or holds a corrupt one is
    /// the user's input to fix: the message names the folder, or the file and field.
    /// </summary>
    public static RecordFolder Read(string path)
    {
        if (!Directory.Exists(path)) throw new UsageException($"No record folder {path}.");
        var records = new SortedDictionary<RecordKey, RunRecord>();
        // Dot files are AtomicFile's temporaries of a write in progress.
        foreach (string file in Directory.EnumerateFiles(path, "*.json").Where(f => !System.IO.Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal))
        {
            RunRecord record;
            try
            {
                record = RecordJson.Read(file, requireFinite: false);
            }
            catch (RecordFormatException e)
            {
                throw new UsageException($"Cannot compare: {e.Message}", e);
            }
            var key = new RecordKey(record.Claim, record.Control);
            if (!records.TryAdd(key, record)) throw new UsageException($"{path} holds two records of {key}; keep one.");
        }
        if (records.Count == 0) throw new UsageException($"{path} holds no run records (*.json).");
        return new RecordFolder(path, records);
    }

    /// <summary>A folder path, or a run id under the records root (`lm compare 20250101-120000-42 20250102-…`).</summary>
    public static string Locate(string argument, Locations locations, Session session)
    {
        string path = System.IO.Path.GetFullPath(argument, session.WorkingDirectory);
        if (Directory.Exists(path)) return path;
        string run = System.IO.Path.Combine(locations.RecordsRoot, argument);
        return Directory.Exists(run) ? run : path;
    }

    /// <summary>The run folder written last under the records root, or null when there is none.</summary>
    public static string? Latest(string recordsRoot) =>
        Directory.Exists(recordsRoot)
            ? Directory.EnumerateDirectories(recordsRoot)
                .OrderByDescending(Directory.GetLastWriteTimeUtc).ThenByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
}

/// <summary>A claim's run, or its control's, as the key that pairs records of two folders.</summary>
public readonly record struct RecordKey(string Claim, bool Control) : IComparable<RecordKey>
{
    public int CompareTo(RecordKey other) =>
        string.CompareOrdinal(Claim, other.Claim) is var byClaim and not 0 ? byClaim : Control.CompareTo(other.Control);

    public override string ToString() => Control ? $"{Claim} (control)" : Claim;
}
