namespace LearningMechanics.Cli;

/// <summary>
/// What `lm` tells the shell. Scripts and CI branch on these, so they never change meaning: 1 is a scientific failure
/// (a prediction falsified, or a control that could not fail), 3 asks for more seeds or steps, 2 is the user's input.
/// </summary>
public static class ExitCode
{
    /// <summary>Done: every claim holds and every negative control is falsified (for `compare`: nothing moved).</summary>
    public const int Success = 0;

    /// <summary>A claim is falsified or a control is not (or, for `compare`, something moved beyond tolerance and CIs).</summary>
    public const int Falsified = 1;

    /// <summary>Bad input: unknown claim or parameter, ill-typed value, malformed option, unwritable output folder.</summary>
    public const int Usage = 2;

    /// <summary>Nothing falsified, but a measured interval straddles a predicted edge: more seeds or steps are needed.</summary>
    public const int Inconclusive = 3;

    /// <summary>The run could not be done: libtorch failed to load, or a claim's experiment threw (a bug, not a verdict).</summary>
    public const int Error = 4;
}
