namespace LearningMechanics.Cli.Benchmarking;

/// <summary>
/// How much `lm bench` repeats. The default gives medians steady to a few percent on a quiet machine in about a minute
/// (plus the suite); --quick is for tests and smoke checks, a few seconds, and its figures are rough.
/// </summary>
public sealed record BenchPlan(int MatmulSize, int Warmup, int Rounds, int StepCalls)
{
    public static BenchPlan Default { get; } = new(MatmulSize: 2048, Warmup: 5, Rounds: 15, StepCalls: 10);

    public static BenchPlan Quick { get; } = new(MatmulSize: 512, Warmup: 1, Rounds: 3, StepCalls: 2);
}
