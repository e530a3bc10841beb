using LearningMechanics.Harness.Records;

namespace LearningMechanics.Harness.Tests.Records;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lm-atomic-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void WritesAndReplaces()
    {
        string path = Path.Combine(folder, "sub", "a.json");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "sub")));
    }

    [Fact]
    public void InterruptedWriteLeavesThePreviousFileAndNoTempFile()
    {
        string path = Path.Combine(folder, "a.json");
        AtomicFile.WriteAllText(path, "approved content");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half a rec"u8);
            throw new InvalidOperationException("interrupted");
        }));

        Assert.Equal("approved content", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void UnwritableFolderIsAnIOErrorNamingIt()
    {
        string blocker = Path.Combine(folder, "not-a-folder");
        File.WriteAllText(blocker, "a file where a folder should be");
        var ex = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(Path.Combine(blocker, "a.json"), "x"));
        Assert.Contains(blocker, ex.Message);
    }
}
