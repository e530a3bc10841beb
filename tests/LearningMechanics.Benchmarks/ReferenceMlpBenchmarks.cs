using BenchmarkDotNet.Attributes;
using LearningMechanics.Harness.Performance;

namespace LearningMechanics.Benchmarks;

/// <summary>
/// The reference MLP (float32 tanh 32→256→1, m = 1024): one GD step, one gradient and one Hessian-vector product, with
/// the gradient as the baseline so the report shows HVP/gradient directly.
/// </summary>
[MemoryDiagnoser]
public class ReferenceMlpBenchmarks : TorchBenchmark
{
    private ReferenceMlp? mlp;

    [GlobalSetup]
    public void Setup() => mlp = new ReferenceMlp(seed: 1, Ready());

    [GlobalCleanup]
    public void Cleanup() => mlp?.Dispose();

    [Benchmark(Baseline = true)]
    public void Gradient() => mlp!.Gradient();

    [Benchmark]
    public void Step() => mlp!.Step();

    [Benchmark]
    public void HessianVectorProduct() => mlp!.HessianVectorProduct();

    [Benchmark]
    public void HessianVectorProductFromScratch() => mlp!.HessianVectorProductFromScratch();
}
