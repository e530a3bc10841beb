using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using TorchSharp;

namespace LearningMechanics.Harness.Training;

/// <summary>
/// Full-batch gradient descent on K replicas at once: θ ← θ − lr·s_p·∇_p Σ_k L_k, which is K independent runs of
/// <see cref="GradientDescent"/> because replica k's block of that gradient is ∇L_k. The K losses are read to the host
/// together, once per probe step. A replica whose loss is non-finite at a probe has diverged: it is recorded as
/// <see cref="TrainingOutcome.Diverged"/> at that step (as a separate run would be) and then frozen, its parameters
/// set to zero and its updates masked, so its NaN or Inf never reaches a probe or another replica's statistics.
/// </summary>
public sealed class EnsembleGradientDescent(double learningRate, int steps, int probeEvery)
{
    public double LearningRate { get; } = learningRate > 0 && double.IsFinite(learningRate)
        ? learningRate
        : throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");

    public int Steps { get; } = steps >= 0 ? steps : throw new ArgumentOutOfRangeException(nameof(steps), steps, "Steps cannot be negative.");

    public int ProbeEvery { get; } = probeEvery >= 1 ? probeEvery : throw new ArgumentOutOfRangeException(nameof(probeEvery), probeEvery, "Probe interval must be at least 1.");

    /// <summary>
    /// Trains <paramref name="model"/> in place; returns one <see cref="TrainingRun"/> per replica. <paramref name="probe"/>
    /// gets (step, losses) at probe steps before that step's update while any replica is live; a diverged replica's
    /// entry is NaN there (now and after), and a probe should skip it.
    /// </summary>
    public IReadOnlyList<TrainingRun> Train(IEnsembleModel model, EnsembleDataset data, Action<int, IReadOnlyList<double>>? probe = null)
    {
        int k = model.Replicas;
        if (data.Replicas != k) throw new ArgumentException($"The model has {k} replicas but the data set {data.Replicas}.", nameof(data));
        var parameters = model.Parameters;
        var scales = model.LearningRateScales;
        var probeSteps = Enumerable.Range(0, k).Select(_ => new List<int>()).ToList();
        var losses = Enumerable.Range(0, k).Select(_ => new List<double>()).ToList();
        var divergedAt = new int?[k];
        torch.Tensor? live = null; // [K] of 1 (training) and 0 (frozen); null while every replica trains.
        try
        {
            for (int step = 0; step <= Steps; step++)
            {
                using var scope = torch.NewDisposeScope();
                bool isProbe = step % ProbeEvery == 0 || step == Steps;
                var perReplica = ReplicaSquaredLoss.PerReplica(model.Forward(data.Inputs), data.Targets);
                if (isProbe)
                {
                    // One host read for all K losses.
                    var values = perReplica.detach().to(torch.ScalarType.Float64).cpu().data<double>().ToArray();
                    bool newlyDiverged = false;
                    for (int r = 0; r < k; r++)
                    {
                        if (divergedAt[r] is not null) { values[r] = double.NaN; continue; }
                        probeSteps[r].Add(step);
                        losses[r].Add(values[r]);
                        if (double.IsFinite(values[r])) continue;
                        divergedAt[r] = step;
                        values[r] = double.NaN;
                        newlyDiverged = true;
                    }
                    if (newlyDiverged)
                    {
                        live?.Dispose();
                        live = Freeze(parameters, divergedAt);
                        if (divergedAt.All(d => d is not null)) break;
                        // The frozen replica's loss was computed from its non-finite parameters; recompute from the zeroed ones.
                        perReplica = ReplicaSquaredLoss.PerReplica(model.Forward(data.Inputs), data.Targets);
                    }
                    probe?.Invoke(step, values);
                }
                if (step == Steps) break;
                var grads = Derivatives.Gradient(perReplica.sum(), parameters);
                using (torch.no_grad())
                {
                    for (int i = 0; i < parameters.Count; i++)
                    {
                        // Multiplying by 1 is exact, so live replicas take the very step a separate run would.
                        var g = live is null ? grads[i] : grads[i].mul_(live.view(LiveShape(parameters[i])));
                        parameters[i].add_(g, -LearningRate * scales[i]);
                    }
                }
            }
        }
        finally
        {
            live?.Dispose();
        }
        return Enumerable.Range(0, k).Select(r => divergedAt[r] is int at
            ? new TrainingRun(TrainingOutcome.Diverged, at, probeSteps[r], losses[r])
            : new TrainingRun(TrainingOutcome.Completed, Steps, probeSteps[r], losses[r])).ToList();
    }

    /// <summary>Zeroes every diverged replica's parameters (finite from now on) and returns the live mask [K].</summary>
    private static torch.Tensor Freeze(IReadOnlyList<torch.Tensor> parameters, int?[] divergedAt)
    {
        using var _ = torch.no_grad();
        for (int r = 0; r < divergedAt.Length; r++)
            if (divergedAt[r] is not null)
                foreach (var p in parameters) p[r].zero_();
        var mask = divergedAt.Select(d => d is null ? 1.0 : 0.0).ToArray();
        return torch.tensor(mask, dtype: parameters[0].dtype, device: parameters[0].device).DetachFromDisposeScope();
    }

    private static long[] LiveShape(torch.Tensor parameter) =>
        Enumerable.Range(0, (int)parameter.dim()).Select(d => d == 0 ? -1L : 1L).ToArray();
}
