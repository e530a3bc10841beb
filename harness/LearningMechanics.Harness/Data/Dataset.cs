using TorchSharp;

namespace LearningMechanics.Harness.Data;

/// <summary>Inputs (m × d) and targets (m × k) on the run's device.</summary>
public sealed class Dataset(torch.Tensor inputs, torch.Tensor targets) : IDisposable
{
    public torch.Tensor Inputs { get; } = inputs.shape[0] == targets.shape[0]
        ? inputs
        : throw new ArgumentException($"{inputs.shape[0]} inputs but {targets.shape[0]} targets.");

    public torch.Tensor Targets { get; } = targets;

    public int Count => (int)Inputs.shape[0];

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
