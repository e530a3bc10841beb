using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Benchmarks;

/// <summary>Readies libtorch and fixes the thread count (LM_THREADS) in each benchmark process before any torch use.</summary>
public abstract class TorchBenchmark
{
    protected static ComputeDevice Ready()
    {
        TorchRuntime.EnsureLoaded();
        Threads.Configure();
        return ComputeDevice.Cpu;
    }
}
