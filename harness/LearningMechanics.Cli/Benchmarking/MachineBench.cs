using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Performance;

namespace LearningMechanics.Cli.Benchmarking;

/// <summary>
/// The measurements of `lm bench`, each a ratio of two workloads timed round by round (<see cref="PairedTiming"/>): the
/// reference MLP's training step against a large matmul, one Hessian-vector product against one gradient, and a K = 8
/// ensemble step against one single-seed step. CPU only: the matmul ceiling is this machine's BLAS.
/// </summary>
public static class MachineBench
{
    public const int EnsembleReplicas = 8;
    private static readonly IReadOnlyList<int> SmallWidths = [16, 64, 1];
    private const int SmallSamples = 128;

    public static BenchResult Measure(BenchPlan plan, int threads, bool quick, Action<string> progress)
    {
        var device = ComputeDevice.Cpu;
        using var reference = new ReferenceMlp(seed: 1, device);
        using var peak = new MatmulPeak(plan.MatmulSize, device.Seed(2));

        progress($"training step of the reference MLP against a {plan.MatmulSize}³ matmul");
        var step = PairedTiming.Measure(reference.Step, peak.Multiply, plan.Warmup, plan.Rounds, plan.StepCalls, 1);
        double stepGflops = ReferenceMlp.FlopsPerStep / step.NumeratorSeconds / 1e9;
        double matmulGflops = peak.Flops / step.DenominatorSeconds / 1e9;
        // GFLOP/s ratio = (F_step / t_step) / (F_mm / t_mm) = (F_step / F_mm) / (t_step / t_mm), per round.
        double stepOverMatmul = ReferenceMlp.FlopsPerStep / peak.Flops / step.Ratio;

        progress("Hessian-vector product against gradient");
        var hvp = PairedTiming.Measure(reference.HessianVectorProduct, reference.Gradient, plan.Warmup, plan.Rounds, plan.StepCalls, plan.StepCalls);
        var hvpFresh = PairedTiming.Measure(reference.HessianVectorProductFromScratch, reference.Gradient, plan.Warmup, plan.Rounds, plan.StepCalls, plan.StepCalls);

        progress($"K = {EnsembleReplicas} ensemble step against one single-seed step");
        var ensemble = EnsembleRatio(ReferenceMlp.Widths, ReferenceMlp.Samples, plan, device);
        var small = EnsembleRatio(SmallWidths, SmallSamples, plan, device);

        return new BenchResult
        {
            Threads = threads,
            Quick = quick,
            MatmulSize = plan.MatmulSize,
            MatmulSeconds = step.DenominatorSeconds,
            MatmulGflops = matmulGflops,
            StepSeconds = step.NumeratorSeconds,
            StepGflops = stepGflops,
            StepOverMatmulFlops = stepOverMatmul,
            GradientSeconds = hvp.DenominatorSeconds,
            HvpSeconds = hvp.NumeratorSeconds,
            HvpOverGrad = hvp.Ratio,
            HvpFromScratchOverGrad = hvpFresh.Ratio,
            SingleStepSeconds = ensemble.DenominatorSeconds,
            Ensemble8StepSeconds = ensemble.NumeratorSeconds,
            Ensemble8OverSingle = ensemble.Ratio,
            SmallSingleStepSeconds = small.DenominatorSeconds,
            SmallEnsemble8StepSeconds = small.NumeratorSeconds,
            SmallEnsemble8OverSingle = small.Ratio,
            SmokeSuiteSeconds = null,
        };
    }

    private static PairedTiming EnsembleRatio(IReadOnlyList<int> widths, int samples, BenchPlan plan, ComputeDevice device)
    {
        using var single = new ReferenceMlp(seed: 1, device, widths, samples);
        using var ensemble = new ReferenceEnsemble(EnsembleReplicas, widths, samples, firstSeed: 1, device);
        return PairedTiming.Measure(ensemble.Step, single.Step, plan.Warmup, plan.Rounds, plan.StepCalls, plan.StepCalls);
    }
}
