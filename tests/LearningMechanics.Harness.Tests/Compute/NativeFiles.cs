using System.Runtime.InteropServices;
using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Compute;

/// <summary>
/// File helpers for the native-library tests: the pristine libLibTorchSharp.so in the NuGet cache (read only, never
/// written), a scratch folder, and the two POSIX calls .NET does not expose (an inode number, a hard link).
/// </summary>
internal sealed class NativeFiles : IDisposable
{
    public const string LibStdCxx = "libstdc++.so.6";
    public const string PatchedVersion = "GLIBCXX_3.4.32";

    public NativeFiles() => Scratch = Directory.CreateTempSubdirectory("lm-native-tests-").FullName;

    public string Scratch { get; }

    /// <summary>The library as NuGet unpacked it, or null when this machine has no such cache entry.</summary>
    public static string? PristineLibrary()
    {
        if (!OperatingSystem.IsLinux()) return null;
        string? packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // The package version equals TorchSharp's assembly version (0.107.0.0 → 0.107.0).
        var version = typeof(torch).Assembly.GetName().Version!;
        string path = Path.Combine(packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}",
            "runtimes", "linux-x64", "native", LibTorchPreflight.LibraryFileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>A fresh copy of the pristine library in the scratch folder; skips the test when the cache entry is absent.</summary>
    public string PristineCopy(string name = LibTorchPreflight.LibraryFileName)
    {
        string? pristine = PristineLibrary();
        if (pristine is null) Assert.Skip("The NuGet cache holds no torchsharp libLibTorchSharp.so for linux-x64 (set NUGET_PACKAGES?).");
        string copy = Path.Combine(Scratch, name);
        File.Copy(pristine, copy);
        return copy;
    }

    /// <summary>Every libstdc++ version the library needs: a host set that lacks none of them.</summary>
    public static HashSet<string> AllNeededLibStdCxxVersions(string library) =>
        ElfVersionNeeds.Read(library).Needed().Where(v => v.Library == LibStdCxx).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);

    public static HashSet<string> Without(HashSet<string> versions, params string[] missing)
    {
        var result = new HashSet<string>(versions, StringComparer.Ordinal);
        foreach (var m in missing) Assert.True(result.Remove(m), $"{m} is not among the needed versions.");
        return result;
    }

    public static ulong Inode(string path)
    {
        var buffer = new byte[256];
        if (NativeStat(path, buffer) != 0) throw new IOException($"stat({path}) failed: errno {Marshal.GetLastPInvokeError()}.");
        // st_ino follows the 8-byte st_dev in the struct stat of both x86-64 and the generic (arm64) layout.
        return BitConverter.ToUInt64(buffer, 8);
    }

    public static void HardLink(string existing, string link)
    {
        if (NativeLink(existing, link) != 0) throw new IOException($"link({existing}, {link}) failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    /// <summary>Sets an old modification time, so that any rewrite of the file (which Apply does by write-then-move) shows.</summary>
    public static DateTime MarkUntouched(string path)
    {
        var stamp = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, stamp);
        return stamp;
    }

    public void Dispose() => Directory.Delete(Scratch, recursive: true);

    [DllImport("libc.so.6", EntryPoint = "stat", SetLastError = true)]
    private static extern int NativeStat(string path, byte[] buffer);

    [DllImport("libc.so.6", EntryPoint = "link", SetLastError = true)]
    private static extern int NativeLink(string existing, string link);
}
