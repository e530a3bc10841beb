using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// The diagonal linear network of Woodworth et al. (2020, §4): x ↦ ⟨β, x⟩ with β = u⊙u − v⊙v and the unbiased init
/// u(0) = v(0) = α·1, so β(0) = 0 and the init scale α alone sets the regime (small α: rich/ℓ1, large α: kernel/ℓ2).
/// <para>
/// K independent replicas (one per seed) train as one model: replica k reads its own inputs x[:, k, :] and writes output
/// column k, so the suite's loss (1/2m) Σ_i ‖f(x_i) − y_i‖² is the sum of the replicas' own losses and each replica
/// takes exactly its own GD step (design.md, "seeds as a batch dimension").
/// </para>
/// </summary>
public sealed class DiagonalLinearNet : IModel
{
    private readonly torch.Tensor u;
    private readonly torch.Tensor v;

    public DiagonalLinearNet(int inputs, double initScale, ComputeDevice device, Precision precision, int replicas = 1)
    {
        if (inputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "A diagonal net needs at least one input.");
        if (replicas < 1) throw new ArgumentOutOfRangeException(nameof(replicas), replicas, "At least one replica.");
        if (!(initScale > 0) || !double.IsFinite(initScale)) throw new ArgumentOutOfRangeException(nameof(initScale), initScale, "The init scale must be positive.");
        var type = precision.ToScalarType();
        u = torch.full(replicas, inputs, initScale, dtype: type).to(device.Device, disposeAfter: true).detach().requires_grad_(true);
        v = torch.full(replicas, inputs, initScale, dtype: type).to(device.Device, disposeAfter: true).detach().requires_grad_(true);
        Parameters = [u, v];
    }

    public int Replicas => (int)u.shape[0];

    public int Inputs => (int)u.shape[1];

    public IReadOnlyList<torch.Tensor> Parameters { get; }

    public IReadOnlyList<double> LearningRateScales { get; } = [1.0, 1.0];

    /// <summary>The linear predictors β = u⊙u − v⊙v, one row per replica (K × d, a new tensor, detached).</summary>
    public torch.Tensor Predictor()
    {
        using var _ = torch.no_grad();
        return u * u - v * v;
    }

    /// <summary>Inputs m × d (one replica) or m × K × d (replica k reads [:, k, :]); outputs m × K.</summary>
    public torch.Tensor Forward(torch.Tensor inputs)
    {
        var beta = u * u - v * v;
        if (inputs.dim() == 2 && Replicas == 1 && inputs.shape[1] == Inputs) return torch.matmul(inputs, beta.t());
        if (inputs.dim() == 3 && inputs.shape[1] == Replicas && inputs.shape[2] == Inputs) return (inputs * beta.unsqueeze(0)).sum(2);
        throw new ArgumentException($"Inputs must be m × {Inputs} (one replica) or m × {Replicas} × {Inputs}; got {string.Join("×", inputs.shape)}.");
    }

    public void Dispose()
    {
        u.Dispose();
        v.Dispose();
    }
}
