namespace LearningMechanics.Harness.Records;

/// <summary>
/// How far a quantity may move from its approved baseline before it counts as drift: max(absolute, relative·|value|),
/// with the reason. Beyond it, a difference still matches when it lies within the two runs' combined confidence intervals.
/// </summary>
public sealed record DriftTolerance(double Absolute, double Relative, string Reason)
{
    /// <summary>
    /// The default: CPU runs with fixed seeds and threads are bit-identical, so only round-off in the JSON text (17
    /// significant digits) is allowed; statistical drift (GPU, another machine's kernels) is judged by the combined CIs.
    /// </summary>
    public static DriftTolerance BitIdentical { get; } =
        new(1e-12, 1e-9, "fixed seeds and threads make CPU runs bit-identical; other drift is judged by the combined CIs");

    public ToleranceRecord ToRecord() => new() { Absolute = Absolute, Relative = Relative, Reason = Reason };
}
