using TorchSharp;

namespace LearningMechanics.Harness.Training;

/// <summary>
/// The logistic loss on ±1 labels, L = (1/m) Σ_i log(1 + e^{−y_i f(x_i)}), computed as softplus(−y f) so it stays
/// finite and accurate at large margins (where the implicit-bias asymptotics live).
/// </summary>
public static class LogisticLoss
{
    public static torch.Tensor Of(torch.Tensor outputs, torch.Tensor labels)
    {
        if (!outputs.shape.SequenceEqual(labels.shape))
            throw new ArgumentException($"Outputs ({string.Join("×", outputs.shape)}) and labels ({string.Join("×", labels.shape)}) differ in shape.");
        return torch.nn.functional.softplus(-(outputs * labels)).mean();
    }

    /// <summary>The un-averaged loss Σ_i log(1 + e^{−y_i f(x_i)}) (Lyu &amp; Li 2020 state their results for the sum).</summary>
    public static torch.Tensor Sum(torch.Tensor outputs, torch.Tensor labels) => Of(outputs, labels) * outputs.numel();
}
