using System.Security.Cryptography;
using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Harness.Tests.Compute;

public sealed class LibTorchPreflightTests : IDisposable
{
    private const string UnusedSymbol = "_ZSt21ios_base_library_initv";
    private readonly NativeFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void HostLibStdCxxDefinesGlibcxx330()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "libstdc++ versions are read on Linux only.");

        var host = LibTorchPreflight.HostLibStdCxxVersions();

        Assert.NotNull(host);
        Assert.Contains("GLIBCXX_3.4.30", host);
        Assert.Contains("CXXABI_1.3", host);
    }

    [Fact]
    public void BuildOutputCopiesLackNoStrongVersionOnThisHost()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The preflight patches Linux builds only.");
        var host = LibTorchPreflight.HostLibStdCxxVersions()!;

        var copies = LibTorchPreflight.FindLibraryCopies(AppContext.BaseDirectory);

        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var missing = ElfVersionNeeds.Read(copy).Needed().Where(v => v.Library == NativeFiles.LibStdCxx && !host.Contains(v.Name));
            Assert.All(missing, v => Assert.True(v.IsWeak, $"{copy} needs {v.Name}, which this host lacks, and it is not weak."));
        }
    }

    [Fact]
    public void NuGetCacheCopyIsNeverPatched()
    {
        string? pristine = NativeFiles.PristineLibrary();
        if (pristine is null) Assert.Skip("No TorchSharp package in the NuGet cache.");

        var needs = ElfVersionNeeds.Read(pristine).Needed();

        // The module initializer has already run the preflight on the build output: the cache must be as NuGet left it.
        Assert.All(needs, v => Assert.False(v.IsWeak, $"{v.Name} is weak in the NuGet cache copy {pristine}."));
    }

    [Fact]
    public void HostLackingTheVersionGetsOneFlagBitSetAndNothingElse()
    {
        string copy = files.PristineCopy();
        string pristine = NativeFiles.PristineLibrary()!;
        byte[] original = File.ReadAllBytes(copy);
        string pristineHash = Hash(pristine);
        ulong pristineInode = NativeFiles.Inode(pristine);
        var host = NativeFiles.Without(NativeFiles.AllNeededLibStdCxxVersions(copy), NativeFiles.PatchedVersion);

        var action = LibTorchPreflight.Apply(copy, host);

        Assert.Equal(LibTorchPreflight.Action.Patched, action);
        var elf = ElfVersionNeeds.Read(copy);
        var needed = elf.Needed();
        var weakened = Assert.Single(needed, v => v.IsWeak);
        Assert.Equal((NativeFiles.LibStdCxx, NativeFiles.PatchedVersion), (weakened.Library, weakened.Name));
        Assert.Equal([UnusedSymbol], elf.SymbolsBoundTo(weakened.Index));

        byte[] patched = File.ReadAllBytes(copy);
        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        // VER_FLG_WEAK (0x2) sits in the low byte of the little-endian vna_flags.
        Assert.Equal([(int)weakened.FlagsOffset], changed);
        Assert.Equal(original[weakened.FlagsOffset] | 0x2, patched[weakened.FlagsOffset]);
        Assert.Empty(Directory.GetFiles(files.Scratch, "*.lm-tmp"));

        Assert.Equal(pristineHash, Hash(pristine));
        Assert.Equal(pristineInode, NativeFiles.Inode(pristine));
    }

    /// <summary>
    /// Two `lm` processes started together from a fresh build both patch the same copy (seen: one failed with
    /// "Could not find file …lm-tmp" when the other had already renamed the shared temp file away). Threads stand in
    /// for the processes; every one must succeed and leave one patched file and no temp file behind.
    /// </summary>
    [Fact]
    public async Task ConcurrentAppliesToOneCopyAllSucceed()
    {
        const int racers = 8;
        for (int round = 0; round < 5; round++)
        {
            string copy = files.PristineCopy($"round{round}-{LibTorchPreflight.LibraryFileName}");
            var host = NativeFiles.Without(NativeFiles.AllNeededLibStdCxxVersions(copy), NativeFiles.PatchedVersion);
            using var start = new Barrier(racers);
            var outcomes = Enumerable.Range(0, racers)
                .Select(_ => Task.Factory.StartNew(() => { start.SignalAndWait(); return LibTorchPreflight.Apply(copy, host); }, TaskCreationOptions.LongRunning))
                .ToArray();

            var actions = await Task.WhenAll(outcomes);

            Assert.Contains(LibTorchPreflight.Action.Patched, actions);
            Assert.DoesNotContain(LibTorchPreflight.Action.NothingNeeded, actions);
            Assert.Single(ElfVersionNeeds.Read(copy).Needed(), v => v.IsWeak);
            Assert.Empty(Directory.GetFiles(files.Scratch, "*lm-tmp*"));
        }
    }

    [Fact]
    public void SecondApplyIsAlreadyPatchedAndWritesNothing()
    {
        string copy = files.PristineCopy();
        var host = NativeFiles.Without(NativeFiles.AllNeededLibStdCxxVersions(copy), NativeFiles.PatchedVersion);
        Assert.Equal(LibTorchPreflight.Action.Patched, LibTorchPreflight.Apply(copy, host));
        byte[] afterFirst = File.ReadAllBytes(copy);
        var stamp = NativeFiles.MarkUntouched(copy);
        ulong inode = NativeFiles.Inode(copy);

        var action = LibTorchPreflight.Apply(copy, host);

        Assert.Equal(LibTorchPreflight.Action.AlreadyPatched, action);
        Assert.Equal(afterFirst, File.ReadAllBytes(copy));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(copy));
        Assert.Equal(inode, NativeFiles.Inode(copy));
    }

    [Fact]
    public void HostWithTheVersionNeedsNothingAndWritesNothing()
    {
        string copy = files.PristineCopy();
        byte[] original = File.ReadAllBytes(copy);
        var stamp = NativeFiles.MarkUntouched(copy);
        ulong inode = NativeFiles.Inode(copy);

        var action = LibTorchPreflight.Apply(copy, NativeFiles.AllNeededLibStdCxxVersions(copy));

        Assert.Equal(LibTorchPreflight.Action.NothingNeeded, action);
        Assert.Equal(original, File.ReadAllBytes(copy));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(copy));
        Assert.Equal(inode, NativeFiles.Inode(copy));
    }

    [Fact]
    public void HardLinkedCopyIsReplacedNotWrittenThrough()
    {
        string a = files.PristineCopy("a.so");
        string b = Path.Combine(files.Scratch, "b.so");
        NativeFiles.HardLink(a, b);
        Assert.Equal(NativeFiles.Inode(a), NativeFiles.Inode(b));
        string hashBefore = Hash(a);
        var host = NativeFiles.Without(NativeFiles.AllNeededLibStdCxxVersions(a), NativeFiles.PatchedVersion);

        var action = LibTorchPreflight.Apply(b, host);

        Assert.Equal(LibTorchPreflight.Action.Patched, action);
        Assert.Equal(hashBefore, Hash(a));
        Assert.NotEqual(hashBefore, Hash(b));
        Assert.NotEqual(NativeFiles.Inode(a), NativeFiles.Inode(b));
        Assert.All(ElfVersionNeeds.Read(a).Needed(), v => Assert.False(v.IsWeak));
    }

    [Theory]
    [InlineData("GLIBCXX_3.4.29")]
    [InlineData("CXXABI_1.3.13")]
    public void MissingVersionWithUsedSymbolsThrowsNamingItAndLeavesFileAlone(string usedVersion)
    {
        string copy = files.PristineCopy();
        byte[] original = File.ReadAllBytes(copy);
        var stamp = NativeFiles.MarkUntouched(copy);
        var host = NativeFiles.Without(NativeFiles.AllNeededLibStdCxxVersions(copy), NativeFiles.PatchedVersion, usedVersion);

        var error = Assert.Throws<NativeLibraryException>(() => LibTorchPreflight.Apply(copy, host));

        Assert.Contains(usedVersion, error.Message);
        Assert.Contains(copy, error.Message);
        Assert.DoesNotContain(UnusedSymbol, error.Message);
        Assert.Equal(original, File.ReadAllBytes(copy));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(copy));
        Assert.Empty(Directory.GetFiles(files.Scratch, "*.lm-tmp"));
    }

    [Fact]
    public void AlreadyPatchedCopyStillThrowsForAnotherMissingVersion()
    {
        string copy = files.PristineCopy();
        var all = NativeFiles.AllNeededLibStdCxxVersions(copy);
        LibTorchPreflight.Apply(copy, NativeFiles.Without(all, NativeFiles.PatchedVersion));

        var error = Assert.Throws<NativeLibraryException>(
            () => LibTorchPreflight.Apply(copy, NativeFiles.Without(all, NativeFiles.PatchedVersion, "GLIBCXX_3.4.30")));

        Assert.Contains("GLIBCXX_3.4.30", error.Message);
    }

    [Fact]
    public void FindLibraryCopiesSearchesSubfoldersAndToleratesMissingFolder()
    {
        string nested = Directory.CreateDirectory(Path.Combine(files.Scratch, "runtimes", "linux-x64", "native")).FullName;
        File.WriteAllBytes(Path.Combine(nested, LibTorchPreflight.LibraryFileName), [0]);
        File.WriteAllBytes(Path.Combine(files.Scratch, "libtorch.so"), [0]);

        Assert.Equal([Path.Combine(nested, LibTorchPreflight.LibraryFileName)], LibTorchPreflight.FindLibraryCopies(files.Scratch));
        Assert.Empty(LibTorchPreflight.FindLibraryCopies(Path.Combine(files.Scratch, "absent")));
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
