using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using TorchSharp;

namespace LearningMechanics.Harness.Training;

/// <summary>
/// Full-batch gradient descent θ ← θ − lr·s_p·∇_p L on the mean logistic loss (<see cref="LogisticLoss"/>), targets
/// being ±1 labels. Probes run at the given steps (before that step's update), e.g. log-spaced for ln t laws. A
/// non-finite loss at a probe ends the run as <see cref="TrainingOutcome.Diverged"/>.
/// </summary>
public sealed class LogisticGradientDescent(double learningRate, IReadOnlyCollection<int> probeSteps)
{
    public double LearningRate { get; } = learningRate > 0 && double.IsFinite(learningRate)
        ? learningRate
        : throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");

    private readonly SortedSet<int> probes = probeSteps.Count > 0 && probeSteps.All(s => s >= 0)
        ? new SortedSet<int>(probeSteps)
        : throw new ArgumentException("Give at least one probe step, none negative.", nameof(probeSteps));

    /// <summary>Trains until the last probe step. <paramref name="probe"/> gets (step, mean loss) at each probe step.</summary>
    public TrainingRun Train(IModel model, Dataset data, Action<int, double>? probe = null)
    {
        var parameters = model.Parameters;
        var scales = model.LearningRateScales;
        var probeSteps = new List<int>();
        var losses = new List<double>();
        int last = probes.Max;
        for (int step = 0; step <= last; step++)
        {
            using var scope = torch.NewDisposeScope();
            var loss = LogisticLoss.Of(model.Forward(data.Inputs), data.Targets);
            if (probes.Contains(step))
            {
                double value = loss.to(torch.ScalarType.Float64).item<double>();
                probeSteps.Add(step);
                losses.Add(value);
                if (!double.IsFinite(value)) return new TrainingRun(TrainingOutcome.Diverged, step, probeSteps, losses);
                probe?.Invoke(step, value);
            }
            if (step == last) break;
            var grads = Derivatives.Gradient(loss, parameters);
            using (torch.no_grad())
            {
                for (int i = 0; i < parameters.Count; i++) parameters[i].add_(grads[i], -LearningRate * scales[i]);
            }
        }
        return new TrainingRun(TrainingOutcome.Completed, last, probeSteps, losses);
    }
}
