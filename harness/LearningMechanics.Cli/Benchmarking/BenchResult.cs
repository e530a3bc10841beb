using System.Text.Json;
using System.Text.Json.Nodes;

namespace LearningMechanics.Cli.Benchmarking;

/// <summary>
/// What `lm bench` measured: the four ratios of issue #10 and the raw timings behind them (seconds are medians per
/// call). A ratio of times measured back to back is steadier than either time on a shared machine.
/// </summary>
public sealed record BenchResult
{
    public required int Threads { get; init; }
    public required bool Quick { get; init; }
    public required int MatmulSize { get; init; }
    public required double MatmulSeconds { get; init; }
    public required double MatmulGflops { get; init; }
    public required double StepSeconds { get; init; }
    public required double StepGflops { get; init; }
    /// <summary>Training-step GFLOP/s of the reference MLP over the large matmul's GFLOP/s, taken round by round.</summary>
    public required double StepOverMatmulFlops { get; init; }
    public required double GradientSeconds { get; init; }
    public required double HvpSeconds { get; init; }
    public required double HvpOverGrad { get; init; }
    public required double HvpFromScratchOverGrad { get; init; }
    public required double SingleStepSeconds { get; init; }
    public required double Ensemble8StepSeconds { get; init; }
    public required double Ensemble8OverSingle { get; init; }
    public required double SmallSingleStepSeconds { get; init; }
    public required double SmallEnsemble8StepSeconds { get; init; }
    public required double SmallEnsemble8OverSingle { get; init; }
    public required double? SmokeSuiteSeconds { get; init; }
    public int? SmokeSuiteExitCode { get; init; }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public string ToJson() => new JsonObject
    {
        ["step_over_matmul_flops"] = Round(StepOverMatmulFlops),
        ["hvp_over_grad"] = Round(HvpOverGrad),
        ["ensemble8_over_single"] = Round(Ensemble8OverSingle),
        ["smoke_suite_seconds"] = SmokeSuiteSeconds is double s ? Math.Round(s, 1) : null,
        ["smoke_suite_exit_code"] = SmokeSuiteExitCode,
        ["threads"] = Threads,
        ["quick"] = Quick,
        ["flop_count"] = "training step = 3 × 2·m·Σ(in·out) (forward matmuls, and twice that for backward); activations, loss and update not counted",
        ["reference_mlp"] = "float32 tanh 32→256→1 with biases, m = 1024, full-batch GD",
        ["matmul_size"] = MatmulSize,
        ["matmul_seconds"] = MatmulSeconds,
        ["matmul_gflops"] = Round(MatmulGflops),
        ["step_seconds"] = StepSeconds,
        ["step_gflops"] = Round(StepGflops),
        ["gradient_seconds"] = GradientSeconds,
        ["hvp_seconds"] = HvpSeconds,
        ["hvp_from_scratch_over_grad"] = Round(HvpFromScratchOverGrad),
        ["single_step_seconds"] = SingleStepSeconds,
        ["ensemble8_step_seconds"] = Ensemble8StepSeconds,
        ["small_mlp"] = "float32 tanh 16→64→1 with biases, m = 128 (claim-sized)",
        ["small_single_step_seconds"] = SmallSingleStepSeconds,
        ["small_ensemble8_step_seconds"] = SmallEnsemble8StepSeconds,
        ["small_ensemble8_over_single"] = Round(SmallEnsemble8OverSingle),
    }.ToJsonString(Options) + "\n";

    private static double Round(double x) => Math.Round(x, 4);
}
