using System.Buffers.Binary;
using System.Text;

namespace LearningMechanics.Harness.Compute;

/// <summary>
/// Reads and edits the symbol-version tables of a 64-bit little-endian ELF shared object:
/// the versions it needs from each library (<c>.gnu.version_r</c>), the versions a library defines
/// (<c>.gnu.version_d</c>), and which undefined symbols are bound to which needed version.
/// Written by hand because no served package reads ELF version tables; it handles only what the
/// libtorch preflight needs.
/// </summary>
public sealed class ElfVersionNeeds
{
    private const ushort VerFlagWeak = 0x2;
    private const uint ShtDynSym = 11, ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;

    private readonly byte[] image;
    private readonly List<Section> sections;

    private ElfVersionNeeds(byte[] image)
    {
        this.image = image;
        sections = ReadSections();
    }

    /// <summary>One needed version: the library that must define it, its name, whether it is weak, and where its flags live.</summary>
    public sealed record NeededVersion(string Library, string Name, ushort Index, bool IsWeak, long FlagsOffset);

    public static ElfVersionNeeds Read(string path) => Parse(File.ReadAllBytes(path), path);

    public static ElfVersionNeeds Parse(byte[] image, string nameForErrors = "image")
    {
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
            throw new InvalidDataException($"{nameForErrors} is not an ELF file.");
        if (image[4] != 2 || image[5] != 1)
            throw new InvalidDataException($"{nameForErrors} is not a 64-bit little-endian ELF file.");
        return new ElfVersionNeeds(image);
    }

    /// <summary>The versions this object needs, from <c>.gnu.version_r</c>.</summary>
    public IReadOnlyList<NeededVersion> Needed()
    {
        var result = new List<NeededVersion>();
        var verneed = sections.FirstOrDefault(s => s.Type == ShtGnuVerneed);
        if (verneed is null) return result;
        var strings = SectionAt(verneed.Link);
        long entry = verneed.Offset;
        while (true)
        {
            ushort count = U16(entry + 2);
            string library = CString(strings.Offset + U32(entry + 4));
            long aux = entry + U32(entry + 8);
            for (int i = 0; i < count; i++)
            {
                ushort flags = U16(aux + 4);
                ushort other = U16(aux + 6);
                string name = CString(strings.Offset + U32(aux + 8));
                result.Add(new NeededVersion(library, name, other, (flags & VerFlagWeak) != 0, aux + 4));
                uint nextAux = U32(aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint next = U32(entry + 12);
            if (next == 0) break;
            entry += next;
        }
        return result;
    }

    /// <summary>The version names this object defines, from <c>.gnu.version_d</c> (what a library such as libstdc++ provides).</summary>
    public IReadOnlySet<string> Defined()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var verdef = sections.FirstOrDefault(s => s.Type == ShtGnuVerdef);
        if (verdef is null) return result;
        var strings = SectionAt(verdef.Link);
        long entry = verdef.Offset;
        while (true)
        {
            long aux = entry + U32(entry + 12);
            result.Add(CString(strings.Offset + U32(aux)));
            uint next = U32(entry + 16);
            if (next == 0) break;
            entry += next;
        }
        return result;
    }

    /// <summary>Names of the undefined dynamic symbols bound to the needed version with this index.</summary>
    public IReadOnlyList<string> SymbolsBoundTo(ushort versionIndex)
    {
        var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynSym);
        var versym = sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        if (dynsym is null || versym is null) return [];
        var strings = SectionAt(dynsym.Link);
        var result = new List<string>();
        long count = dynsym.Size / 24;
        for (long i = 0; i < count; i++)
        {
            ushort version = (ushort)(U16(versym.Offset + 2 * i) & 0x7fff);
            if (version != versionIndex) continue;
            long sym = dynsym.Offset + 24 * i;
            result.Add(CString(strings.Offset + U32(sym)));
        }
        return result;
    }

    /// <summary>Returns a copy of the image with the given needed version marked weak (VER_FLG_WEAK), so the loader tolerates its absence.</summary>
    public byte[] WithWeak(NeededVersion version)
    {
        var copy = (byte[])image.Clone();
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan((int)version.FlagsOffset));
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan((int)version.FlagsOffset), (ushort)(flags | VerFlagWeak));
        return copy;
    }

    private sealed record Section(uint Type, long Offset, long Size, uint Link);

    private List<Section> ReadSections()
    {
        long shoff = (long)U64(0x28);
        ushort shentsize = U16(0x3a), shnum = U16(0x3c);
        if (shoff <= 0 || shnum == 0 || shoff + (long)shentsize * shnum > image.Length)
            throw new InvalidDataException("ELF section headers are missing or truncated.");
        var list = new List<Section>(shnum);
        for (int i = 0; i < shnum; i++)
        {
            long h = shoff + (long)i * shentsize;
            list.Add(new Section(U32(h + 4), (long)U64(h + 0x18), (long)U64(h + 0x20), U32(h + 0x28)));
        }
        return list;
    }

    private Section SectionAt(uint index) =>
        index < sections.Count ? sections[(int)index] : throw new InvalidDataException($"ELF section link {index} points past the {sections.Count} sections.");

    private ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(Span(at, 2));
    private uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(Span(at, 4));
    private ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(Span(at, 8));

    private ReadOnlySpan<byte> Span(long at, int length)
    {
        if (at < 0 || at + length > image.Length) throw new InvalidDataException($"ELF read past the end of the file at offset {at}.");
        return image.AsSpan((int)at, length);
    }

    private string CString(long at)
    {
        if (at < 0 || at >= image.Length) throw new InvalidDataException($"ELF string offset {at} lies outside the file.");
        int start = (int)at, end = start;
        while (end < image.Length && image[end] != 0) end++;
        return Encoding.ASCII.GetString(image, start, end - start);
    }
}
