using TorchSharp;

namespace LearningMechanics.Harness.Observables;

/// <summary>Flattens a list of parameter-shaped tensors into one vector and back.</summary>
public static class ParameterVector
{
    public static torch.Tensor Flatten(IEnumerable<torch.Tensor> tensors) => torch.cat(tensors.Select(t => t.reshape(-1)).ToList());

    public static long Count(IReadOnlyList<torch.Tensor> parameters) => parameters.Sum(p => p.numel());

    /// <summary>Views of a flat vector shaped like each parameter.</summary>
    public static List<torch.Tensor> Split(torch.Tensor flat, IReadOnlyList<torch.Tensor> like)
    {
        long expected = Count(like);
        if (flat.numel() != expected) throw new ArgumentException($"Vector has {flat.numel()} entries; the parameters have {expected}.");
        var parts = new List<torch.Tensor>(like.Count);
        long offset = 0;
        foreach (var p in like)
        {
            long n = p.numel();
            parts.Add(flat.narrow(0, offset, n).view(p.shape));
            offset += n;
        }
        return parts;
    }
}
