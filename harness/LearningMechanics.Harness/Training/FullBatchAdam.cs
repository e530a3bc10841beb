using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using TorchSharp;

namespace LearningMechanics.Harness.Training;

/// <summary>
/// Full-batch Adam (Kingma &amp; Ba 2015, Algorithm 1), written out so that its preconditioner can be read:
/// m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², m̂ = m/(1−β1^t), v̂ = v/(1−β2^t), θ ← θ − lr·s_p·m̂/(√v̂ + ε).
/// <see cref="Preconditioner"/> is P = diag(√v̂ + ε), the P of Cohen et al. 2022 ("Adaptive gradient methods at the edge
/// of stability", §2), whose preconditioned sharpness λ_max(P⁻¹H) is stable below (2 + 2β1)/((1 − β1)·lr).
/// torch.optim.Adam keeps v in its per-parameter state but TorchSharp exposes no typed accessor for it, so the update is
/// done here. Probes and divergence detection work as in <see cref="GradientDescent"/>.
/// </summary>
public sealed class FullBatchAdam : IDisposable
{
    private readonly List<torch.Tensor> firstMoment = [];
    private readonly List<torch.Tensor> secondMoment = [];
    private int updates;

    public FullBatchAdam(double learningRate, double beta1, double beta2, double epsilon, int steps, int probeEvery)
    {
        LearningRate = learningRate > 0 && double.IsFinite(learningRate)
            ? learningRate
            : throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        Beta1 = beta1 is >= 0 and < 1 ? beta1 : throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must lie in [0, 1).");
        Beta2 = beta2 is >= 0 and < 1 ? beta2 : throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must lie in [0, 1).");
        Epsilon = epsilon >= 0 && double.IsFinite(epsilon) ? epsilon : throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be non-negative.");
        Steps = steps >= 0 ? steps : throw new ArgumentOutOfRangeException(nameof(steps), steps, "Steps cannot be negative.");
        ProbeEvery = probeEvery >= 1 ? probeEvery : throw new ArgumentOutOfRangeException(nameof(probeEvery), probeEvery, "Probe interval must be at least 1.");
    }

    public double LearningRate { get; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    public int Steps { get; }

    public int ProbeEvery { get; }

    /// <summary>Updates taken so far (Adam's t).</summary>
    public int Updates => updates;

    /// <summary>
    /// The diagonal of P = diag(√v̂ + ε) after the latest update, flattened in parameter order (a new tensor the caller
    /// disposes), or null before the first update, when v̂ is undefined.
    /// </summary>
    public torch.Tensor? Preconditioner()
    {
        if (updates == 0) return null;
        using var scope = torch.NewDisposeScope();
        double correction = 1 - Math.Pow(Beta2, updates);
        var p = ParameterVector.Flatten(secondMoment).div(correction).sqrt().add(Epsilon);
        return p.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Trains <paramref name="model"/> in place, continuing from the moments of earlier calls. <paramref name="probe"/>
    /// gets (step, loss) at probe steps, before that step's update, when <see cref="Preconditioner"/> is the P of the
    /// update just taken.
    /// </summary>
    public TrainingRun Train(IModel model, Dataset data, Action<int, double>? probe = null)
    {
        var parameters = model.Parameters;
        var scales = model.LearningRateScales;
        EnsureMoments(parameters);
        return FullBatchLoop.Run(model, data, Steps, ProbeEvery, probe, grads => Update(parameters, scales, grads));
    }

    /// <summary>One Adam update from given gradients (for losses other than the squared loss).</summary>
    public void Step(IReadOnlyList<torch.Tensor> parameters, IReadOnlyList<torch.Tensor> gradients)
    {
        if (gradients.Count != parameters.Count) throw new ArgumentException("One gradient per parameter is needed.", nameof(gradients));
        EnsureMoments(parameters);
        using var scope = torch.NewDisposeScope();
        Update(parameters, Enumerable.Repeat(1.0, parameters.Count).ToList(), gradients as IList<torch.Tensor> ?? gradients.ToList());
    }

    /// <summary>Zero moments for a first call; afterwards the parameter list must be the one they belong to.</summary>
    private void EnsureMoments(IReadOnlyList<torch.Tensor> parameters)
    {
        if (firstMoment.Count == 0)
        {
            foreach (var p in parameters)
            {
                firstMoment.Add(torch.zeros_like(p).detach().DetachFromDisposeScope());
                secondMoment.Add(torch.zeros_like(p).detach().DetachFromDisposeScope());
            }
        }
        else if (firstMoment.Count != parameters.Count)
        {
            throw new ArgumentException("This optimizer's moments belong to a model with another parameter list.", nameof(parameters));
        }
    }

    private void Update(IReadOnlyList<torch.Tensor> parameters, IReadOnlyList<double> scales, IList<torch.Tensor> grads)
    {
        updates++;
        double c1 = 1 - Math.Pow(Beta1, updates), c2 = 1 - Math.Pow(Beta2, updates);
        using (torch.no_grad())
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                firstMoment[i].mul_(Beta1).add_(grads[i], 1 - Beta1);
                secondMoment[i].mul_(Beta2).addcmul_(grads[i], grads[i], 1 - Beta2);
                var denominator = secondMoment[i].div(c2).sqrt_().add_(Epsilon);
                parameters[i].addcdiv_(firstMoment[i], denominator, -LearningRate * scales[i] / c1);
            }
        }
    }

    public void Dispose()
    {
        foreach (var t in firstMoment.Concat(secondMoment)) t.Dispose();
        firstMoment.Clear();
        secondMoment.Clear();
    }
}
