namespace LearningMechanics.Harness.Tests.Workflows;

internal static class RepositoryRoot
{
    private const string Solution = "LearningMechanics.Predictions.sln";

    /// <summary>The folder holding the solution, found by walking up from the test assembly's folder.</summary>
    public static string Path { get; } = Find();

    public static string Workflow(string fileName) => System.IO.Path.Combine(Path, ".github", "workflows", fileName);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(System.IO.Path.Combine(directory.FullName, Solution)))
                return directory.FullName;
        throw new DirectoryNotFoundException($"no folder above {AppContext.BaseDirectory} holds {Solution}");
    }
}
