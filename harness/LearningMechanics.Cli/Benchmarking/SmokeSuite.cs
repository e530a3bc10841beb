using System.Diagnostics;
using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Cli.Benchmarking;

/// <summary>Times `dotnet test` (the smoke tier of every claim and the unit tests) in the repository root, as a user runs it.</summary>
public static class SmokeSuite
{
    public static (double Seconds, int ExitCode) Time(string repositoryRoot, TextWriter log)
    {
        var start = new ProcessStartInfo("dotnet", "test")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // As a user runs it: the suite picks its own thread count (LM_THREADS given to `lm bench` is for the ratios).
        start.Environment.Remove(Threads.Variable);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start 'dotnet test'.");
        // Drain both streams so a full pipe never stalls the suite; keep only the summary lines for the log.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
            if (line.Contains("Test run summary", StringComparison.Ordinal) || line.TrimStart().StartsWith("total:", StringComparison.Ordinal)) log.WriteLine($"  {line.Trim()}");
        process.WaitForExit();
        return (clock.Elapsed.TotalSeconds, process.ExitCode);
    }
}
