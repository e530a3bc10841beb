namespace LearningMechanics.Cli.Running;

/// <summary>Which runs of each claim `lm run` does: by default the claim and its negative control.</summary>
public enum RunSelection { ClaimAndControl, ClaimOnly, ControlOnly }
