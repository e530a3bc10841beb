using TorchSharp;

namespace LearningMechanics.Harness.Training;

/// <summary>
/// The suite's squared loss (1/2m)Σ‖f(x) − y‖² of a two-layer linear net f = W₂W₁x (W₁: r×K, W₂: K×r) on a data set of
/// one-hot inputs e_k that are their own targets, input k making up the fraction w_k of the set:
/// L = ½ Σ_k w_k ‖W₂W₁e_k − e_k‖². Expanded as ½ Σ_k w_k (a_kᵀ(W₂ᵀW₂)a_k − 2·(W₂)_k·a_k + 1) with a_k = W₁e_k, it costs
/// O(K·r²) instead of the O(K²·r) of forming the K×K outputs. <see cref="Gradient"/> gives its gradient in closed form,
/// without autograd's per-operation overhead (a training step of such small matrices is dominated by it).
/// </summary>
public static class OneHotIdentityLoss
{
    /// <param name="inputs">the indices k present in the data set (int64, distinct)</param>
    /// <param name="fractions">w_k for each of those indices (summing to 1 for a data set; any weights are accepted)</param>
    public static torch.Tensor Of(torch.Tensor w1, torch.Tensor w2, torch.Tensor inputs, torch.Tensor fractions)
    {
        if (w1.dim() != 2 || w2.dim() != 2 || w1.shape[0] != w2.shape[1] || w1.shape[1] != w2.shape[0])
            throw new ArgumentException($"Expected W₁ r×K and W₂ K×r; got {string.Join("×", w1.shape)} and {string.Join("×", w2.shape)}.");
        if (inputs.dim() != 1 || fractions.dim() != 1 || inputs.shape[0] != fractions.shape[0])
            throw new ArgumentException("Expected one fraction per input index.");
        var a = w1.index_select(1, inputs);                       // r × S: the hidden codes of the inputs present
        var gram = torch.matmul(w2.t(), w2);                       // r × r
        var squaredNorms = (a * torch.matmul(gram, a)).sum(dim: 0);    // ‖W₂a_k‖² (dim: named, or TorchSharp reads 0 as a dtype)
        var onTarget = (w2.index_select(0, inputs) * a.t()).sum(dim: 1); // (W₂a_k)_k
        return (fractions * (squaredNorms - 2 * onTarget + 1)).sum().mul(0.5);
    }

    /// <summary>
    /// (∂L/∂W₁, ∂L/∂W₂) of <see cref="Of"/>: with A = W₁ restricted to the inputs present and A_w = A·diag(w),
    /// ∂L/∂a_k = w_k(W₂ᵀW₂a_k − (W₂)_kᵀ) and ∂L/∂W₂ = W₂·A_wAᵀ − Σ_k e_k(w_k a_k)ᵀ.
    /// </summary>
    public static (torch.Tensor W1, torch.Tensor W2) Gradient(torch.Tensor w1, torch.Tensor w2, torch.Tensor inputs, torch.Tensor fractions)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var a = w1.index_select(1, inputs);
        var weighted = a * fractions;                                            // A_w, r × S
        var codes = torch.matmul(torch.matmul(w2.t(), w2), weighted) - (w2.index_select(0, inputs) * fractions.unsqueeze(1)).t();
        var gradW1 = torch.zeros_like(w1).index_copy_(1, inputs, codes);
        var gradW2 = torch.matmul(w2, torch.matmul(weighted, a.t())).index_add_(0, inputs, weighted.t(), alpha: -1);
        return (gradW1.MoveToOuterDisposeScope(), gradW2.MoveToOuterDisposeScope());
    }
}
