using TorchSharp;

namespace LearningMechanics.Harness.Observables;

/// <summary>
/// Quantities that rescaling symmetries conserve under gradient flow (Du, Hu &amp; Lee 2018, Thm 2.1 and 2.2;
/// Arora, Cohen &amp; Hazan 2018, Thm 1; Kunin et al. 2021, §4). Rescaling W_l → αW_l, W_{l+1} → W_{l+1}/α leaves a
/// product W_{l+1}W_l unchanged, so the gradient is orthogonal to that direction and the matching quadratic form is
/// constant along the flow. Gradient descent adds exactly lr² times the same form in the gradients each step.
/// </summary>
public static class Balancedness
{
    /// <summary>
    /// C_l = W_{l+1}ᵀW_{l+1} − W_lW_lᵀ for consecutive layers of a linear net (W_l is n_l × n_{l−1}, W_{l+1} is
    /// n_{l+1} × n_l; C_l is n_l × n_l). Applied to the gradients G_l, G_{l+1} instead it gives GD's per-step change
    /// divided by lr²: C_l(t+1) − C_l(t) = lr²·(G_{l+1}ᵀG_{l+1} − G_lG_lᵀ).
    /// </summary>
    public static torch.Tensor Layers(torch.Tensor lower, torch.Tensor upper)
    {
        if (lower.dim() != 2 || upper.dim() != 2 || upper.shape[1] != lower.shape[0])
            throw new ArgumentException($"Layers of shape ({string.Join("×", lower.shape)}) then ({string.Join("×", upper.shape)}) do not compose.");
        using var _ = torch.no_grad();
        return torch.matmul(upper.t(), upper) - torch.matmul(lower, lower.t());
    }

    /// <summary>
    /// Per hidden unit j of a homogeneous (ReLU) layer: ‖w_in,j‖² + b_j² − ‖w_out,j‖², where w_in,j is row j of the
    /// incoming weights (n × d), b_j its bias (or none), and w_out,j column j of the outgoing weights (k × n). Scaling
    /// unit j's incoming weights and bias by α and its outgoing weights by 1/α leaves the function unchanged, so with a
    /// bias the bias belongs to the incoming side.
    /// </summary>
    public static torch.Tensor Units(torch.Tensor incoming, torch.Tensor? bias, torch.Tensor outgoing)
    {
        if (incoming.dim() != 2 || outgoing.dim() != 2 || outgoing.shape[1] != incoming.shape[0])
            throw new ArgumentException($"Incoming ({string.Join("×", incoming.shape)}) and outgoing ({string.Join("×", outgoing.shape)}) weights do not share a hidden layer.");
        if (bias is not null && (bias.dim() != 1 || bias.shape[0] != incoming.shape[0]))
            throw new ArgumentException($"The bias has shape ({string.Join("×", bias.shape)}); expected ({incoming.shape[0]}).");
        using var _ = torch.no_grad();
        var q = incoming.pow(2).sum(dim: 1) - outgoing.pow(2).sum(dim: 0);
        return bias is null ? q : q + bias.pow(2);
    }
}
