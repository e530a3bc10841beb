using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using TorchSharp;

namespace LearningMechanics.Harness.Training;

/// <summary>
/// Full-batch gradient descent θ ← θ − lr·s_p·∇_p L on the squared loss. Every step's tensors are disposed; the
/// loss is read to the host only at probe steps (every <c>probeEvery</c> steps, and at steps 0 and the last), where a
/// probe callback may measure anything. A non-finite loss at a probe ends the run as <see cref="TrainingOutcome.Diverged"/>.
/// </summary>
public sealed class GradientDescent(double learningRate, int steps, int probeEvery)
{
    public double LearningRate { get; } = learningRate > 0 && double.IsFinite(learningRate)
        ? learningRate
        : throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");

    public int Steps { get; } = steps >= 0 ? steps : throw new ArgumentOutOfRangeException(nameof(steps), steps, "Steps cannot be negative.");

    public int ProbeEvery { get; } = probeEvery >= 1 ? probeEvery : throw new ArgumentOutOfRangeException(nameof(probeEvery), probeEvery, "Probe interval must be at least 1.");

    /// <summary>Trains <paramref name="model"/> in place. <paramref name="probe"/> gets (step, loss) at probe steps, before that step's update.</summary>
    public TrainingRun Train(IModel model, Dataset data, Action<int, double>? probe = null)
    {
        var parameters = model.Parameters;
        var scales = model.LearningRateScales;
        return FullBatchLoop.Run(model, data, Steps, ProbeEvery, probe, grads =>
        {
            using (torch.no_grad())
            {
                for (int i = 0; i < parameters.Count; i++) parameters[i].add_(grads[i], -LearningRate * scales[i]);
            }
        });
    }
}
