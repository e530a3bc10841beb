using TorchSharp;

namespace LearningMechanics.Harness.Training;

/// <summary>
/// Gradient descent on batched parameters whose first dimension indexes replicas, with a learning rate per replica
/// times a multiplier per parameter (e.g. muP's width factor): θ_p[r] ← θ_p[r] − c·lr_r·s_p·g_p[r], with c a schedule factor (1 unless set). The plain-SGD
/// counterpart of <see cref="ReplicaAdam"/>: <see cref="EnsembleGradientDescent"/> takes one learning rate for all
/// replicas, so a learning-rate sweep run as one batched model needs this. A replica whose parameters overflow stays
/// non-finite on its own: the update is elementwise per replica, so it never reaches another replica.
/// </summary>
public sealed class ReplicaGradientDescent : IDisposable
{
    private readonly IReadOnlyList<torch.Tensor> parameters;
    private readonly IReadOnlyList<double> scales;
    private readonly torch.Tensor rates;
    // c·lr_r·s_p per parameter, shaped [R, 1, …] to broadcast over its replica's block; recomputed when c changes, not
    // every step (the same float32 products the step used to form each time, so the updates are unchanged).
    private readonly List<torch.Tensor> stepSizes = [];

    public ReplicaGradientDescent(IReadOnlyList<torch.Tensor> parameters, IReadOnlyList<double> scales, IReadOnlyList<double> replicaLearningRates)
    {
        if (parameters.Count == 0 || parameters.Count != scales.Count)
            throw new ArgumentException($"{parameters.Count} parameters but {scales.Count} learning-rate multipliers.");
        if (scales.Any(s => !(s > 0) || !double.IsFinite(s)))
            throw new ArgumentException("Every learning-rate multiplier must be positive and finite.", nameof(scales));
        if (replicaLearningRates.Count == 0 || replicaLearningRates.Any(r => !(r > 0) || !double.IsFinite(r)))
            throw new ArgumentException("Every replica needs a positive, finite learning rate.", nameof(replicaLearningRates));
        foreach (var p in parameters)
            if (p.dim() < 1 || p.shape[0] != replicaLearningRates.Count)
                throw new ArgumentException($"A parameter of shape ({string.Join(", ", p.shape)}) does not have {replicaLearningRates.Count} replicas first.");
        this.parameters = parameters;
        this.scales = scales;
        rates = torch.tensor(replicaLearningRates.ToArray(), dtype: parameters[0].dtype, device: parameters[0].device);
        FormStepSizes();
    }

    private double multiplier = 1.0;

    /// <summary>A factor on every learning rate for the coming steps (a schedule, e.g. a linear decay to zero).</summary>
    public double LearningRateMultiplier
    {
        get => multiplier;
        set
        {
            if (!(value >= 0 && double.IsFinite(value)))
                throw new ArgumentOutOfRangeException(nameof(value), value, "The multiplier must be finite and non-negative.");
            if (value == multiplier) return;
            multiplier = value;
            FormStepSizes();
        }
    }

    /// <summary>Steps taken so far.</summary>
    public int Steps { get; private set; }

    /// <summary>One step with these gradients (one per parameter, same shapes).</summary>
    public void Step(IList<torch.Tensor> gradients)
    {
        if (gradients.Count != parameters.Count) throw new ArgumentException($"{gradients.Count} gradients for {parameters.Count} parameters.");
        for (int i = 0; i < parameters.Count; i++)
            if (!gradients[i].shape.SequenceEqual(parameters[i].shape))
                throw new ArgumentException($"Gradient {i} has shape ({string.Join(", ", gradients[i].shape)}), its parameter ({string.Join(", ", parameters[i].shape)}).");
        Steps++;
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
        {
            for (int i = 0; i < parameters.Count; i++)
                parameters[i].sub_(gradients[i].mul(stepSizes[i]));
        }
    }

    private void FormStepSizes()
    {
        foreach (var t in stepSizes) t.Dispose();
        stepSizes.Clear();
        for (int i = 0; i < parameters.Count; i++)
        {
            var shape = new long[parameters[i].dim()];
            Array.Fill(shape, 1L);
            shape[0] = parameters[i].shape[0];
            using var view = rates.reshape(shape);
            stepSizes.Add(view.mul(multiplier * scales[i]).DetachFromDisposeScope());
        }
    }

    public void Dispose()
    {
        rates.Dispose();
        foreach (var t in stepSizes) t.Dispose();
    }
}
