using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Predictions.Tests;

/// <summary>
/// xUnit runs the claim test classes in parallel; this gate lets as many claim runs go at once as fit on the cores.
/// On the CPU that is one run per core at one thread each (LM_THREADS, default 1): most claims' operations are too
/// small for a second thread to help (the smoke tier summed to 297 s at one thread and ≈ 285 s at two, run one after
/// another on 2 cores), so two runs side by side use the second core far better. On CUDA the runs share one device,
/// so they go one at a time.
/// </summary>
internal static class SideBySideRuns
{
    private static SemaphoreSlim slots = new(1);

    internal static void Configure(int threadsPerRun, ComputeDevice device) =>
        slots = new SemaphoreSlim(device.Kind == DeviceKind.Cuda ? 1 : Threads.SideBySide(threadsPerRun));

    internal static T Run<T>(Func<T> run)
    {
        slots.Wait();
        try { return run(); }
        finally { slots.Release(); }
    }
}
