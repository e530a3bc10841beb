using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using TorchSharp;

namespace LearningMechanics.Harness.Training;

/// <summary>
/// The full-batch loop every optimizer here shares: each step's tensors are disposed; the squared loss is read to the
/// host only at probe steps (every <c>probeEvery</c> steps, and at steps 0 and the last), where a probe callback may
/// measure anything; a non-finite loss at a probe ends the run as <see cref="TrainingOutcome.Diverged"/>. The optimizer
/// supplies only its update from the step's gradients.
/// </summary>
internal static class FullBatchLoop
{
    public static TrainingRun Run(IModel model, Dataset data, int steps, int probeEvery, Action<int, double>? probe, Action<IList<torch.Tensor>> update)
    {
        var probeSteps = new List<int>();
        var losses = new List<double>();
        for (int step = 0; step <= steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            bool isProbe = step % probeEvery == 0 || step == steps;
            var loss = SquaredLoss.Of(model.Forward(data.Inputs), data.Targets);
            if (isProbe)
            {
                double value = loss.to(torch.ScalarType.Float64).item<double>();
                probeSteps.Add(step);
                losses.Add(value);
                if (!double.IsFinite(value)) return new TrainingRun(TrainingOutcome.Diverged, step, probeSteps, losses);
                probe?.Invoke(step, value);
            }
            if (step == steps) break;
            update(Derivatives.Gradient(loss, model.Parameters));
        }
        return new TrainingRun(TrainingOutcome.Completed, steps, probeSteps, losses);
    }
}
