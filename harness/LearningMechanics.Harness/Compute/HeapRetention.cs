using System.Runtime.InteropServices;

namespace LearningMechanics.Harness.Compute;

/// <summary>
/// glibc hands freed memory back to the OS eagerly: chunks above its mmap threshold (128 KiB at first) are unmapped on
/// free, and the top of the heap is trimmed once 128 KiB are free there. A training loop frees and allocates the same
/// tensors every step, so every step faults its memory back in. Measured on depth-mup (full tier, 1 thread): 1.1–3.5 M
/// minor page faults and 8–27 s of system time per run; with the thresholds raised, the same numbers came out 2.6× faster
/// at the smoke size and ≈ 10× faster at the full size. Raising them keeps that memory in the process for reuse.
/// Only the allocator's bookkeeping changes, never a computed value.
/// </summary>
public static class HeapRetention
{
    // malloc.h: M_TRIM_THRESHOLD = −1, M_MMAP_THRESHOLD = −3. Above the mmap threshold every allocation is a fresh
    // mapping, so it must exceed the largest per-step tensor (a full-tier depth-mup weight gradient is 117 MB). glibc
    // 2.36 accepts 256 MiB; older releases cap the threshold at 32 MiB and refuse more, so that is the fallback.
    private const int TrimThresholdOption = -1, MmapThresholdOption = -3;
    public const int MmapThreshold = 256 << 20, FallbackMmapThreshold = 32 << 20, TrimThreshold = 1 << 30;

    /// <summary>Raises glibc's mmap and trim thresholds; true when both were set (false off Linux or without glibc).</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            bool mmap = Mallopt(MmapThresholdOption, MmapThreshold) == 1 || Mallopt(MmapThresholdOption, FallbackMmapThreshold) == 1;
            return mmap && Mallopt(TrimThresholdOption, TrimThreshold) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (e.g. musl): an optimisation we can do without
        }
    }

    // DllImport, not LibraryImport: two int arguments need no marshalling, and LibraryImport would need unsafe code.
    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int Mallopt(int option, int value);
}
