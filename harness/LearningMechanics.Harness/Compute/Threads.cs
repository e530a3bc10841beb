using TorchSharp;

namespace LearningMechanics.Harness.Compute;

/// <summary>
/// A fixed intra-op thread count makes CPU reductions run in the same order every time, so results are
/// bit-identical run to run. LM_THREADS overrides the default: the machine's core count for `lm`, one for the test
/// suite, which runs one claim per core instead (<see cref="SideBySide"/>).
/// </summary>
public static class Threads
{
    public const string Variable = "LM_THREADS";

    /// <summary>Sets libtorch's intra-op threads to LM_THREADS, or to the core count when it is unset.</summary>
    public static int Configure() => Configure(Environment.ProcessorCount);

    /// <summary>Sets libtorch's intra-op threads to LM_THREADS, or to <paramref name="fallback"/> when it is unset.</summary>
    public static int Configure(int fallback)
    {
        TorchRuntime.EnsureLoaded();
        string? text = Environment.GetEnvironmentVariable(Variable);
        int count = fallback;
        if (!string.IsNullOrWhiteSpace(text) && (!int.TryParse(text, out count) || count < 1))
            throw new ArgumentException($"{Variable}='{text}' must be a positive whole number.");
        torch.set_num_threads(count);
        return count;
    }

    /// <summary>How many runs of <paramref name="threadsPerRun"/> threads fit on this machine's cores at once (at least one).</summary>
    public static int SideBySide(int threadsPerRun) => Math.Max(1, Environment.ProcessorCount / Math.Max(1, threadsPerRun));
}
