using System.Reflection;
using TorchSharp;

namespace LearningMechanics.Harness.Records;

/// <summary>What a record was produced with: library versions and libtorch's thread count, and the git commit of the working tree when there is one.</summary>
public static class Provenance
{
    public static IReadOnlyDictionary<string, string> Versions()
    {
        var harness = typeof(Provenance).Assembly;
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["torchsharp"] = typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "unknown",
            ["libtorch"] = Metadata(harness, "LibTorchVersion"),
            ["torch_backend"] = Metadata(harness, "TorchBackend"),
            ["dotnet"] = Environment.Version.ToString(),
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            // CPU reductions split their work by thread, so the count is part of what makes a run bit-identical.
            ["torch_threads"] = torch.get_num_threads().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The commit HEAD points to, read from .git without running git; null outside a checkout.</summary>
    public static string? GitCommit(string? repositoryRoot)
    {
        if (repositoryRoot is null) return null;
        string git = Path.Combine(repositoryRoot, ".git");
        try
        {
            string head = File.ReadAllText(Path.Combine(git, "HEAD")).Trim();
            if (!head.StartsWith("ref: ", StringComparison.Ordinal)) return head;
            string reference = head[5..];
            string loose = Path.Combine(git, reference);
            if (File.Exists(loose)) return File.ReadAllText(loose).Trim();
            string packed = Path.Combine(git, "packed-refs");
            return File.Exists(packed)
                ? File.ReadLines(packed).Select(l => l.Split(' ')).FirstOrDefault(p => p.Length == 2 && p[1] == reference)?[0]
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The folder holding LearningMechanics.Predictions.sln, searched upward from <paramref name="start"/>.</summary>
    public static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LearningMechanics.Predictions.sln"))) return dir.FullName;
        return null;
    }

    private static string Metadata(Assembly assembly, string key) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value ?? "unknown";
}
