using TorchSharp;

namespace LearningMechanics.Harness.Observables;

/// <summary>
/// Flattens an ensemble's parameter-shaped tensors [K, …] into one row per replica, [K, D], and back. Row k lists
/// replica k's entries in the order <see cref="ParameterVector"/> lists a single model's, so row k of an ensemble
/// vector is the flat vector of the separate run.
/// </summary>
public static class ReplicaVector
{
    public static torch.Tensor Flatten(IEnumerable<torch.Tensor> tensors) =>
        torch.cat(tensors.Select(t => t.reshape(t.shape[0], -1)).ToList(), 1);

    /// <summary>D: the entries per replica.</summary>
    public static long Dimension(IReadOnlyList<torch.Tensor> parameters) => parameters.Sum(p => p.numel() / p.shape[0]);

    /// <summary>Views of a [K, D] tensor shaped like each parameter [K, …].</summary>
    public static List<torch.Tensor> Split(torch.Tensor rows, IReadOnlyList<torch.Tensor> like)
    {
        long expected = Dimension(like);
        if (rows.dim() != 2 || rows.shape[1] != expected) throw new ArgumentException($"Expected [K, {expected}], got ({string.Join(", ", rows.shape)}).");
        var parts = new List<torch.Tensor>(like.Count);
        long offset = 0;
        foreach (var p in like)
        {
            long n = p.numel() / p.shape[0];
            parts.Add(rows.narrow(1, offset, n).reshape(p.shape));
            offset += n;
        }
        return parts;
    }
}
