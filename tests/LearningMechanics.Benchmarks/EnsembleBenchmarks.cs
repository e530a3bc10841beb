using BenchmarkDotNet.Attributes;
using LearningMechanics.Harness.Performance;

namespace LearningMechanics.Benchmarks;

/// <summary>
/// One GD step of K seeds trained as one batched model against one single-seed step (the baseline), on the reference
/// MLP and on a claim-sized net (16→64→1, m = 128) where per-operation overhead, not arithmetic, dominates.
/// </summary>
public class EnsembleBenchmarks : TorchBenchmark
{
    private ReferenceMlp? single;
    private ReferenceEnsemble? ensemble;

    [Params(1, 8)]
    public int Replicas { get; set; }

    [Params("32-256-1 m1024", "16-64-1 m128")]
    public string Net { get; set; } = "32-256-1 m1024";

    [GlobalSetup]
    public void Setup()
    {
        var device = Ready();
        var parts = Net.Split(' ');
        var widths = parts[0].Split('-').Select(int.Parse).ToList();
        int samples = int.Parse(parts[1][1..]);
        single = new ReferenceMlp(seed: 1, device, widths, samples);
        ensemble = new ReferenceEnsemble(Replicas, widths, samples, firstSeed: 1, device);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        single?.Dispose();
        ensemble?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void SingleSeedStep() => single!.Step();

    [Benchmark]
    public void EnsembleStep() => ensemble!.Step();
}
