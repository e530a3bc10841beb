using TorchSharp;

namespace LearningMechanics.Harness.Compute;

/// <summary>
/// A fixed intra-op thread count makes CPU reductions run in the same order every time, so results are
/// bit-identical run to run. LM_THREADS overrides the default (the machine's core count).
/// </summary>
public static class Threads
{
    public const string Variable = "LM_THREADS";

    public static int Configure()
    {
        TorchRuntime.EnsureLoaded();
        string? text = Environment.GetEnvironmentVariable(Variable);
        int count = Environment.ProcessorCount;
        if (!string.IsNullOrWhiteSpace(text) && (!int.TryParse(text, out count) || count < 1))
            throw new ArgumentException($"{Variable}='{text}' must be a positive whole number.");
        torch.set_num_threads(count);
        return count;
    }
}
