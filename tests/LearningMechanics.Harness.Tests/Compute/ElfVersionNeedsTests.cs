using System.Text;
using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Harness.Tests.Compute;

public sealed class ElfVersionNeedsTests : IDisposable
{
    private readonly NativeFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void ReadsVersionNeedsOfTorchSharpLibrary()
    {
        var elf = ElfVersionNeeds.Read(files.PristineCopy());

        var needed = elf.Needed();

        // Facts of TorchSharp 0.107.0's linux-x64 build (readelf -V): 20 libstdc++ versions, none weak, unique indices.
        Assert.Equal(20, needed.Count(v => v.Library == NativeFiles.LibStdCxx));
        Assert.Contains(needed, v => v.Library == "libc.so.6" && v.Name == "GLIBC_2.34");
        Assert.Contains(needed, v => v.Library == NativeFiles.LibStdCxx && v.Name == "GLIBCXX_3.4.29");
        Assert.Equal(needed.Count, needed.Select(v => v.Index).Distinct().Count());
        Assert.All(needed, v => Assert.False(v.IsWeak));
    }

    [Fact]
    public void BindsSymbolsToTheirVersions()
    {
        var elf = ElfVersionNeeds.Read(files.PristineCopy());
        var byName = elf.Needed().ToDictionary(v => v.Name + "@" + v.Library);

        Assert.Equal(["_ZSt21ios_base_library_initv"], elf.SymbolsBoundTo(byName["GLIBCXX_3.4.32@libstdc++.so.6"].Index));
        Assert.Contains("_ZSt28__throw_bad_array_new_lengthv", elf.SymbolsBoundTo(byName["GLIBCXX_3.4.29@libstdc++.so.6"].Index));
        Assert.Contains("_ZNSt15__exception_ptr13exception_ptr9_M_addrefEv", elf.SymbolsBoundTo(byName["CXXABI_1.3.13@libstdc++.so.6"].Index));
    }

    [Fact]
    public void WithWeakReturnsPatchedCopyAndLeavesReaderUnchanged()
    {
        byte[] image = File.ReadAllBytes(files.PristineCopy());
        var elf = ElfVersionNeeds.Parse(image);
        var target = elf.Needed().Single(v => v.Name == NativeFiles.PatchedVersion);

        byte[] patched = elf.WithWeak(target);

        Assert.NotSame(image, patched);
        Assert.False(elf.Needed().Single(v => v.Name == NativeFiles.PatchedVersion).IsWeak);
        var reread = ElfVersionNeeds.Parse(patched).Needed();
        Assert.Equal(NativeFiles.PatchedVersion, Assert.Single(reread, v => v.IsWeak).Name);
        // Weakening again changes nothing.
        Assert.Equal(patched, ElfVersionNeeds.Parse(patched).WithWeak(reread.Single(v => v.IsWeak)));
    }

    [Fact]
    public void HostLibStdCxxDefinesItsVersions()
    {
        string? path = LibTorchPreflight.HostLibStdCxxPath();
        if (path is null) Assert.Skip("No libstdc++ loaded in this process.");

        var defined = ElfVersionNeeds.Read(path).Defined();

        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Contains("GLIBCXX_3.4.30", defined);
        Assert.Contains("CXXABI_1.3", defined);
    }

    [Fact]
    public void NonElfBytesThrowInvalidData()
    {
        byte[] text = Encoding.ASCII.GetBytes(new string('x', 200));

        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse(text));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse([]));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse([0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1]));
    }

    [Fact]
    public void ThirtyTwoBitOrBigEndianElfThrowsInvalidData()
    {
        byte[] header = File.ReadAllBytes(files.PristineCopy())[..64];
        byte[] elf32 = (byte[])header.Clone();
        elf32[4] = 1;
        byte[] bigEndian = (byte[])header.Clone();
        bigEndian[5] = 2;

        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse(elf32));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse(bigEndian));
    }

    [Fact]
    public void TruncatedElfThrowsInvalidData()
    {
        byte[] truncated = File.ReadAllBytes(files.PristineCopy())[..4096];

        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse(truncated));
    }

    [Fact]
    public void CorruptSectionLinkIsInvalidData()
    {
        byte[] image = File.ReadAllBytes(files.PristineCopy());
        // Point every section's sh_link (offset 0x28 in each 64-byte header) past the table: a corrupt file.
        long shoff = BitConverter.ToInt64(image, 0x28);
        int count = BitConverter.ToUInt16(image, 0x3c);
        for (int i = 0; i < count; i++) BitConverter.TryWriteBytes(image.AsSpan((int)(shoff + 64L * i + 0x28), 4), 999u);
        var elf = ElfVersionNeeds.Parse(image);
        Assert.Throws<InvalidDataException>(() => elf.Needed());
    }
}
