namespace LearningMechanics.Harness.Training;

/// <summary>The loss at each probe step, and how the run ended.</summary>
public sealed record TrainingRun(TrainingOutcome Outcome, int StepsTaken, IReadOnlyList<int> ProbeSteps, IReadOnlyList<double> Losses)
{
    public bool Diverged => Outcome == TrainingOutcome.Diverged;

    /// <summary>The step at which divergence was seen (the first probe with a non-finite loss), or null.</summary>
    public int? DivergedAt => Diverged ? StepsTaken : null;
}
