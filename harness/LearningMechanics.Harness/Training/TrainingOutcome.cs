namespace LearningMechanics.Harness.Training;

/// <summary>How a run ended. Divergence (a non-finite loss) is a measured outcome, not a crash.</summary>
public enum TrainingOutcome { Completed, Diverged }
