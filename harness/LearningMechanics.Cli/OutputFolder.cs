namespace LearningMechanics.Cli;

/// <summary>
/// Checks that a folder can be written before a long run starts, so an unwritable --json or artifacts folder is a
/// usage error up front rather than lost work at the end.
/// </summary>
public static class OutputFolder
{
    public static void EnsureWritable(string folder, string what)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".lm-write-probe.{Environment.ProcessId}.{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot write {what} to the folder {folder}: {e.Message}", e);
        }
    }
}
