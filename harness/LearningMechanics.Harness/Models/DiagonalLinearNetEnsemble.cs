using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Models;

/// <summary>
/// K diagonal linear networks x ↦ ⟨β, x⟩ with β = u⊙u − v⊙v, trained as one batched model (u, v: [K, d]). Every replica
/// starts at u₀ = v₀ = α·1, so β₀ = 0 and α sets the rich-versus-kernel regime (Woodworth et al. 2020, §4); the replicas
/// differ by their data. K = 1 is one run, so this is also the harness's only diagonal net. The forward pass is one
/// batched matrix-vector product per replica: an elementwise x⊙β summed over d (the earlier single-model form) wrote an
/// m × K × d temporary every step and was 23× slower at d = 1000, n = 600, K = 10.
/// </summary>
public sealed class DiagonalLinearNetEnsemble : IEnsembleModel
{
    private readonly torch.Tensor u;
    private readonly torch.Tensor v;

    public DiagonalLinearNetEnsemble(int replicas, int inputs, double initScale, ComputeDevice device, Precision precision)
    {
        if (replicas < 1 || inputs < 1) throw new ArgumentException($"Sizes must be positive: replicas={replicas}, inputs={inputs}.");
        if (!(initScale > 0) || !double.IsFinite(initScale)) throw new ArgumentOutOfRangeException(nameof(initScale), initScale, "The init scale must be positive.");
        var type = precision.ToScalarType();
        u = torch.full(replicas, inputs, initScale, dtype: type, device: device.Device).requires_grad_(true);
        v = torch.full(replicas, inputs, initScale, dtype: type, device: device.Device).requires_grad_(true);
        Parameters = [u, v];
    }

    public int Replicas => (int)u.shape[0];

    public IReadOnlyList<torch.Tensor> Parameters { get; }

    public IReadOnlyList<double> LearningRateScales { get; } = [1.0, 1.0];

    /// <summary>β = u⊙u − v⊙v for every replica, [K, d] (a new tensor, detached).</summary>
    public torch.Tensor Beta()
    {
        using var _ = torch.no_grad();
        return u * u - v * v;
    }

    public torch.Tensor Forward(torch.Tensor inputs) => Forward(inputs, Parameters);

    public torch.Tensor Forward(torch.Tensor inputs, IReadOnlyList<torch.Tensor> parameters)
    {
        if (parameters.Count != 2) throw new ArgumentException($"Expected u and v, got {parameters.Count} tensors.", nameof(parameters));
        var (pu, pv) = (parameters[0], parameters[1]);
        var x = EnsembleInputs.Batched(inputs, (int)pu.shape[0], u.shape[1]);
        var beta = pu * pu - pv * pv;
        return torch.bmm(x, beta.unsqueeze(2));
    }

    public void Dispose()
    {
        u.Dispose();
        v.Dispose();
    }
}
