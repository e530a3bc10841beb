using LearningMechanics.Harness.Records;

namespace LearningMechanics.Predictions.Tests;

/// <summary>The repository this test assembly was built from: its baselines and artifacts folders live there.</summary>
internal static class TestRepository
{
    public static string Root { get; } = Provenance.RepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"No LearningMechanics.Predictions.sln above {AppContext.BaseDirectory}.");
}
