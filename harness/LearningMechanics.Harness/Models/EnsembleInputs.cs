using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>Shape checks shared by the ensemble models: inputs are [K, m, d], or [m, d] shared by every replica.</summary>
internal static class EnsembleInputs
{
    public static torch.Tensor Batched(torch.Tensor inputs, int replicas, long width)
    {
        if (inputs.dim() == 2 && inputs.shape[1] == width) return inputs.unsqueeze(0).expand(replicas, -1, -1);
        if (inputs.dim() == 3 && inputs.shape[0] == replicas && inputs.shape[2] == width) return inputs;
        throw new ArgumentException($"Expected inputs of shape ({replicas}, m, {width}) or (m, {width}), got ({string.Join(", ", inputs.shape)}).");
    }

    /// <summary>Stacks one tensor per replica into a new leaf [K, …] that requires grad.</summary>
    public static torch.Tensor StackedLeaf(IEnumerable<torch.Tensor> members)
    {
        using var scope = torch.NewDisposeScope();
        var stacked = torch.stack(members.Select(m => m.detach()).ToList()).contiguous();
        return stacked.detach().requires_grad_(true).MoveToOuterDisposeScope();
    }
}
