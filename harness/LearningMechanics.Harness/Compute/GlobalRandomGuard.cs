using TorchSharp;

namespace LearningMechanics.Harness.Compute;

/// <summary>
/// Checks that a run drew nothing from libtorch's global CPU generator. Every draw must use the run's own generator
/// (<see cref="ComputeDevice.Seed"/>): then a seed fixes the run's numbers whatever else the process does, and runs can
/// go side by side (the test suite runs one claim per core). Taken before a run and checked after it.
/// </summary>
public sealed class GlobalRandomGuard
{
    private readonly byte[] before = State();

    /// <summary>Throws when the global generator moved since this guard was taken.</summary>
    public void Check(string runName)
    {
        if (!State().AsSpan().SequenceEqual(before))
            throw new InvalidOperationException(
                $"{runName} (or a run beside it) drew from libtorch's global random generator. Pass the run's own generator " +
                "(ComputeDevice.Seed) to every random draw, so that a seed fixes the numbers and runs can go side by side.");
    }

    private static byte[] State()
    {
        using var state = torch.random.get_rng_state();
        return state.data<byte>().ToArray();
    }
}
