using TorchSharp;

namespace LearningMechanics.Harness.Training;

/// <summary>
/// Adam (Kingma &amp; Ba 2015, Algorithm 1, bias-corrected) on batched parameters whose first dimension indexes
/// replicas, with a learning rate per replica times a multiplier per parameter (e.g. muP's n₀/fan_in):
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − c·lr_r·s_p·m̂/(√v̂ + ε), with c a schedule factor (1 unless set). TorchSharp's Adam takes one learning rate
/// per parameter group, not one per slice of a tensor, so a learning-rate sweep run as one batched model needs this.
/// Adam is elementwise, so each replica's trajectory is the one a separate Adam would give it.
/// </summary>
public sealed class ReplicaAdam : IDisposable
{
    private readonly IReadOnlyList<torch.Tensor> parameters;
    private readonly IReadOnlyList<double> scales;
    private readonly torch.Tensor rates;
    private readonly List<torch.Tensor> first = [];
    private readonly List<torch.Tensor> second = [];
    private readonly double beta1, beta2, epsilon;
    private int t;
    private double multiplier = 1.0;

    public ReplicaAdam(IReadOnlyList<torch.Tensor> parameters, IReadOnlyList<double> scales, IReadOnlyList<double> replicaLearningRates,
        double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (parameters.Count == 0 || parameters.Count != scales.Count)
            throw new ArgumentException($"{parameters.Count} parameters but {scales.Count} learning-rate multipliers.");
        if (replicaLearningRates.Count == 0 || replicaLearningRates.Any(r => !(r > 0) || !double.IsFinite(r)))
            throw new ArgumentException("Every replica needs a positive, finite learning rate.", nameof(replicaLearningRates));
        foreach (var p in parameters)
            if (p.dim() < 1 || p.shape[0] != replicaLearningRates.Count)
                throw new ArgumentException($"A parameter of shape ({string.Join(", ", p.shape)}) does not have {replicaLearningRates.Count} replicas first.");
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1 || !(epsilon >= 0))
            throw new ArgumentException("Adam needs 0 ≤ β₁, β₂ < 1 and ε ≥ 0.");
        this.parameters = parameters;
        this.scales = scales;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        var first0 = parameters[0];
        rates = torch.tensor(replicaLearningRates.ToArray(), dtype: first0.dtype, device: first0.device);
        foreach (var p in parameters)
        {
            first.Add(torch.zeros_like(p).detach());
            second.Add(torch.zeros_like(p).detach());
        }
    }

    /// <summary>A factor on every learning rate for the coming steps (a schedule, e.g. annealing toward a stationary point).</summary>
    public double LearningRateMultiplier
    {
        get => multiplier;
        set => multiplier = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The multiplier must be finite and non-negative.");
    }

    /// <summary>Steps taken so far.</summary>
    public int Steps => t;

    /// <summary>One Adam step with these gradients (one per parameter, same shapes).</summary>
    public void Step(IList<torch.Tensor> gradients)
    {
        if (gradients.Count != parameters.Count) throw new ArgumentException($"{gradients.Count} gradients for {parameters.Count} parameters.");
        t++;
        double correction1 = 1 - Math.Pow(beta1, t), correction2 = 1 - Math.Pow(beta2, t);
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                var g = gradients[i];
                first[i].mul_(beta1).add_(g, 1 - beta1);
                second[i].mul_(beta2).addcmul_(g, g, 1 - beta2);
                var denominator = second[i].div(correction2).sqrt_().add_(epsilon);
                var shape = new long[p.dim()];
                Array.Fill(shape, 1L);
                shape[0] = p.shape[0];
                var rate = rates.reshape(shape).mul(multiplier * scales[i] / correction1);
                p.sub_(first[i].div(denominator).mul_(rate));
            }
        }
    }

    public void Dispose()
    {
        rates.Dispose();
        foreach (var m in first) m.Dispose();
        foreach (var v in second) v.Dispose();
    }
}
