namespace LearningMechanics.Harness.Compute;

/// <summary>
/// The seeds a claim runs with: its default list, shifted by LM_SEED_OFFSET (or --seed-offset) so the suite
/// can be re-run on fresh seeds. A claim must hold for any offset; a tolerance is never tuned to one.
/// </summary>
public static class SeedPlan
{
    public const string OffsetVariable = "LM_SEED_OFFSET";

    public static long OffsetFromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable(OffsetVariable);
        if (string.IsNullOrWhiteSpace(text)) return 0;
        return long.TryParse(text, out long offset) && offset >= 0
            ? offset
            : throw new ArgumentException($"{OffsetVariable}='{text}' must be a non-negative whole number.");
    }

    /// <summary>The first <paramref name="count"/> seeds 1, 2, 3, … shifted by the offset.</summary>
    public static IReadOnlyList<long> Seeds(int count, long offset)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "A run needs at least one seed.");
        return Enumerable.Range(1, count).Select(i => i + offset).ToList();
    }
}
