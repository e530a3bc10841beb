using System.Runtime.InteropServices;

namespace LearningMechanics.Harness.Compute;

/// <summary>
/// Makes TorchSharp's native library loadable on hosts whose libstdc++ is older than the one it was
/// linked against. TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 only for
/// <c>std::ios_base_library_init</c>, which it never calls; Debian 12 and Ubuntu 22.04 stop at
/// GLIBCXX_3.4.30, and the loader then refuses the whole library with a misleading TorchSharp message.
/// Marking that one version need weak in the copy under the build output makes it load. The copy is
/// replaced by a new file (write then move), so a hard link into the NuGet cache is never written through.
/// </summary>
public static class LibTorchPreflight
{
    public const string LibraryFileName = "libLibTorchSharp.so";

    /// <summary>Symbols known to be bound but never called; a missing version carrying only these may be weakened.</summary>
    public static readonly IReadOnlySet<string> UnusedSymbols = new HashSet<string>(StringComparer.Ordinal) { "_ZSt21ios_base_library_initv" };

    /// <summary>What the preflight did to one copy of the library.</summary>
    public enum Action { NothingNeeded, AlreadyPatched, Patched }

    /// <summary>
    /// Checks one copy of libLibTorchSharp.so against the versions the host's libstdc++ defines, and weakens
    /// the missing ones if only unused symbols need them. Idempotent. Throws <see cref="NativeLibraryException"/>
    /// when a missing version carries symbols that are really used.
    /// </summary>
    public static Action Apply(string libraryPath, IReadOnlySet<string> hostDefinedVersions, string libstdcxxName = "libstdc++.so.6")
    {
        var elf = ElfVersionNeeds.Read(libraryPath);
        var missing = elf.Needed().Where(v => v.Library == libstdcxxName && !hostDefinedVersions.Contains(v.Name)).ToList();
        if (missing.Count == 0) return Action.NothingNeeded;
        if (missing.All(v => v.IsWeak)) return Action.AlreadyPatched;

        byte[]? patched = null;
        foreach (var version in missing.Where(v => !v.IsWeak))
        {
            var used = elf.SymbolsBoundTo(version.Index).Where(s => !UnusedSymbols.Contains(s)).ToList();
            if (used.Count > 0)
                throw new NativeLibraryException(
                    $"{libraryPath} needs {version.Name} from {libstdcxxName}, which this host's libstdc++ lacks, for symbols it uses ({string.Join(", ", used.Take(5))}). " +
                    "Install a newer libstdc++6 (GCC 13 or later) or run on a newer distribution.");
            patched = (patched is null ? elf : ElfVersionNeeds.Parse(patched)).WithWeak(version);
        }

        // A temp name of its own: processes started together from a fresh build patch the same copy at once, and a
        // shared temp name let one rename the other's file away. Each writes identical bytes; the atomic renames
        // leave one patched file whichever lands last.
        string temp = $"{libraryPath}.{Guid.NewGuid():N}.lm-tmp";
        File.WriteAllBytes(temp, patched!);
        File.Move(temp, libraryPath, overwrite: true);
        return Action.Patched;
    }

    /// <summary>The versions defined by the libstdc++ this process loads, or null when it cannot be found (not Linux, or not installed).</summary>
    public static IReadOnlySet<string>? HostLibStdCxxVersions()
    {
        string? path = HostLibStdCxxPath();
        return path is null ? null : ElfVersionNeeds.Read(path).Defined();
    }

    /// <summary>The path of the libstdc++ the dynamic loader picks for this process.</summary>
    public static string? HostLibStdCxxPath()
    {
        if (!OperatingSystem.IsLinux()) return null;
        if (!NativeLibrary.TryLoad("libstdc++.so.6", out _)) return null;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash >= 0 && line.Contains("libstdc++.so", StringComparison.Ordinal)) return line[slash..].Trim();
        }
        return null;
    }

    /// <summary>Every copy of the TorchSharp native library under a build output folder.</summary>
    public static IReadOnlyList<string> FindLibraryCopies(string baseDirectory) =>
        Directory.Exists(baseDirectory)
            ? Directory.EnumerateFiles(baseDirectory, LibraryFileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
}
