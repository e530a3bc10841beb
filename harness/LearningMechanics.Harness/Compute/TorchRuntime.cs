using System.Runtime.InteropServices;
using TorchSharp;

namespace LearningMechanics.Harness.Compute;

/// <summary>
/// The one entry point that readies libtorch for this process: the native-library preflight, then a first
/// call into torch whose failure becomes a message that names what is missing. Call it before any torch use.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool ready;

    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (ready) return;
            string baseDirectory = AppContext.BaseDirectory;
            var copies = LibTorchPreflight.FindLibraryCopies(baseDirectory);
            if (OperatingSystem.IsLinux())
            {
                if (copies.Count == 0)
                    throw new NativeLibraryException(
                        $"No {LibTorchPreflight.LibraryFileName} under {baseDirectory}: the native package (libtorch-cpu-linux-x64, or TorchSharp-cuda-linux with -p:TorchBackend=cuda) " +
                        "is not in the build output. Run 'dotnet restore' and build again.");
                var host = LibTorchPreflight.HostLibStdCxxVersions()
                    ?? throw new NativeLibraryException("libstdc++.so.6 is not installed on this host; libtorch needs it. Install the libstdc++6 package.");
                foreach (var copy in copies)
                {
                    try { LibTorchPreflight.Apply(copy, host); }
                    catch (Exception e) when (e is UnauthorizedAccessException or IOException)
                    {
                        throw new NativeLibraryException($"{copy} must be patched to load on this host's libstdc++, but the build output is not writable: {e.Message}. Build into a writable folder.", e);
                    }
                    catch (InvalidDataException e)
                    {
                        throw new NativeLibraryException($"{copy} is not a readable ELF library ({e.Message}); delete the build output (bin/, obj/) and build again.", e);
                    }
                }
                Diagnose(copies);
                HeapRetention.Apply();
            }
            try
            {
                using var probe = torch.ones(1);
            }
            catch (Exception e) when (e is not NativeLibraryException)
            {
                throw new NativeLibraryException($"libtorch failed to initialise: {FirstLine(e.Message)}", e);
            }
            ready = true;
        }
    }

    /// <summary>Loads the library ourselves first: the loader's own error names the missing file or version, TorchSharp's does not.</summary>
    private static void Diagnose(IReadOnlyList<string> copies)
    {
        string primary = copies.FirstOrDefault(c => c.Contains($"{Path.DirectorySeparatorChar}native{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) ?? copies[0];
        try
        {
            NativeLibrary.Load(primary);
        }
        catch (DllNotFoundException e)
        {
            throw new NativeLibraryException(
                $"The dynamic loader refused {primary}: {e.Message}. A dependency named there is missing or too old on this host; " +
                "install it (e.g. libgomp1, libstdc++6) or use a distribution at least as new as Debian 12.", e);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
