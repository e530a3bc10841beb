using TorchSharp;

namespace LearningMechanics.Harness.Training;

/// <summary>The suite's MSE convention: L = (1/2m) Σ_i ‖f(x_i) − y_i‖² (claims.md, Conventions).</summary>
public static class SquaredLoss
{
    public static torch.Tensor Of(torch.Tensor outputs, torch.Tensor targets)
    {
        if (!outputs.shape.SequenceEqual(targets.shape))
            throw new ArgumentException($"Outputs ({string.Join("×", outputs.shape)}) and targets ({string.Join("×", targets.shape)}) differ in shape.");
        var diff = outputs - targets;
        return diff.pow(2).sum().div(2.0 * outputs.shape[0]);
    }
}
