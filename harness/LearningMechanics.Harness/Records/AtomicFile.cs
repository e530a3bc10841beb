namespace LearningMechanics.Harness.Records;

/// <summary>
/// Writes a file so that a reader sees either the old content or the new, never a half-written one: write a temp file
/// in the same folder, flush it to disk, then rename it over the target (atomic on one file system). If writing fails
/// part-way, the temp file is removed and the previous file is left as it was.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string content) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.Write(content);
    });

    /// <summary>Writes whatever <paramref name="write"/> puts in the stream; an exception from it leaves the target untouched.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IOException($"Cannot create the output folder {folder}: {e.Message}", e);
        }
        string temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            TryDelete(temp);
            throw new IOException($"Cannot write {path}: {e.Message}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
