using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using TorchSharp;

namespace LearningMechanics.Harness.Training;

/// <summary>
/// Full-batch heavy-ball momentum in PyTorch's form (torch.optim.SGD with momentum β, no dampening):
/// v ← β·v + ∇L, θ ← θ − lr·s_p·v, with v = 0 before the first step. On a quadratic with curvature λ this is stable
/// iff lr·λ &lt; 2(1 + β) (Cohen et al. 2021, Appendix on momentum), the threshold the edge-of-stability claim uses.
/// Probes and divergence detection work as in <see cref="GradientDescent"/>.
/// </summary>
public sealed class HeavyBallDescent(double learningRate, double momentum, int steps, int probeEvery)
{
    public double LearningRate { get; } = learningRate > 0 && double.IsFinite(learningRate)
        ? learningRate
        : throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");

    public double Momentum { get; } = momentum is >= 0 and < 1
        ? momentum
        : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "The momentum must lie in [0, 1).");

    public int Steps { get; } = steps >= 0 ? steps : throw new ArgumentOutOfRangeException(nameof(steps), steps, "Steps cannot be negative.");

    public int ProbeEvery { get; } = probeEvery >= 1 ? probeEvery : throw new ArgumentOutOfRangeException(nameof(probeEvery), probeEvery, "Probe interval must be at least 1.");

    /// <summary>Trains <paramref name="model"/> in place. <paramref name="probe"/> gets (step, loss) at probe steps, before that step's update.</summary>
    public TrainingRun Train(IModel model, Dataset data, Action<int, double>? probe = null)
    {
        var parameters = model.Parameters;
        var scales = model.LearningRateScales;
        var velocity = parameters.Select(p => torch.zeros_like(p).detach()).ToList();
        try
        {
            return FullBatchLoop.Run(model, data, Steps, ProbeEvery, probe, grads =>
            {
                using (torch.no_grad())
                {
                    for (int i = 0; i < parameters.Count; i++)
                    {
                        velocity[i].mul_(Momentum).add_(grads[i]);
                        parameters[i].add_(velocity[i], -LearningRate * scales[i]);
                    }
                }
            });
        }
        finally
        {
            foreach (var v in velocity) v.Dispose();
        }
    }
}
