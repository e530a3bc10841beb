using TorchSharp;

namespace LearningMechanics.Harness.Data;

/// <summary>Each replica's own data set, stacked: inputs [K, m, d] and targets [K, m, k] on the run's device.</summary>
public sealed class EnsembleDataset : IDisposable
{
    private EnsembleDataset(torch.Tensor inputs, torch.Tensor targets)
    {
        Inputs = inputs;
        Targets = targets;
    }

    public torch.Tensor Inputs { get; }

    public torch.Tensor Targets { get; }

    public int Replicas => (int)Inputs.shape[0];

    /// <summary>Samples per replica.</summary>
    public int Count => (int)Inputs.shape[1];

    /// <summary>Stacks one data set per replica (all of one shape); the inputs are copied, so the sets may be disposed.</summary>
    public static EnsembleDataset Stack(IReadOnlyList<Dataset> sets)
    {
        if (sets.Count < 1) throw new ArgumentException("An ensemble needs at least one data set.", nameof(sets));
        if (sets.Any(s => !s.Inputs.shape.SequenceEqual(sets[0].Inputs.shape) || !s.Targets.shape.SequenceEqual(sets[0].Targets.shape)))
            throw new ArgumentException("Every replica's data set must have the same shape.", nameof(sets));
        return new EnsembleDataset(torch.stack(sets.Select(s => s.Inputs).ToList()), torch.stack(sets.Select(s => s.Targets).ToList()));
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
