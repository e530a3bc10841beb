using LearningMechanics.Harness.Records;

namespace LearningMechanics.Harness.Tests.Reporting;

/// <summary>
/// A hand-made Verify: compares text with Snapshots/{name}.verified.{ext} in the source tree, exactly. On a mismatch
/// (or a missing verified file) it writes {name}.received.{ext} beside it and fails with both paths; accepting a change
/// is an explicit move of received over verified. Verified files are read from the source tree, not the build output,
/// so there is one copy to review.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string name, string extension, string actual)
    {
        string root = Provenance.RepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException($"No LearningMechanics.Predictions.sln above {AppContext.BaseDirectory}; snapshots are read from the source tree.");
        string folder = Path.Combine(root, "tests", "LearningMechanics.Harness.Tests", "Reporting", "Snapshots");
        string verified = Path.Combine(folder, $"{name}.verified.{extension}");
        string received = Path.Combine(folder, $"{name}.received.{extension}");
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(received, actual);
        string first = expected is null ? "" : FirstDifference(expected, actual);
        Assert.Fail(expected is null
            ? $"No verified snapshot {verified}. Review {received} and rename it to accept it."
            : $"The output differs from {verified}{first}. Review {received} and move it over the verified file to accept it.");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "(end of file)", al = i < a.Length ? a[i] : "(end of file)";
            if (el != al) return $" first at line {i + 1}:\n  verified: {el}\n  received: {al}\n";
        }
        return "";
    }
}
