using TorchSharp;

namespace LearningMechanics.Harness.Training;

/// <summary>
/// The suite's MSE per replica, L_k = (1/2m) Σ_i ‖f_k(x_ki) − y_ki‖², for an ensemble's outputs [K, m, k]. The sum
/// Σ_k L_k has gradient ∇L_k in replica k's block, so one backward pass trains every replica as if it were alone.
/// </summary>
public static class ReplicaSquaredLoss
{
    /// <summary>The K losses as a tensor [K].</summary>
    public static torch.Tensor PerReplica(torch.Tensor outputs, torch.Tensor targets)
    {
        if (outputs.dim() != 3 || !outputs.shape.SequenceEqual(targets.shape))
            throw new ArgumentException($"Expected outputs and targets of one shape (K, m, k); got ({string.Join("×", outputs.shape)}) and ({string.Join("×", targets.shape)}).");
        var diff = outputs - targets;
        return diff.pow(2).sum([1, 2]).div(2.0 * outputs.shape[1]);
    }

    /// <summary>Σ_k L_k: the scalar whose gradient is every replica's own gradient.</summary>
    public static torch.Tensor Summed(torch.Tensor outputs, torch.Tensor targets) => PerReplica(outputs, targets).sum();
}
