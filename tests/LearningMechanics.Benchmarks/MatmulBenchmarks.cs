using BenchmarkDotNet.Attributes;
using LearningMechanics.Harness.Performance;
using TorchSharp;

namespace LearningMechanics.Benchmarks;

/// <summary>The machine's float32 matmul ceiling at the configured thread count (2n³ FLOPs per call).</summary>
public class MatmulBenchmarks : TorchBenchmark
{
    private MatmulPeak? peak;

    [Params(1024, 2048)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Ready();
        peak = new MatmulPeak(Size, new torch.Generator(2, torch.CPU));
    }

    [GlobalCleanup]
    public void Cleanup() => peak?.Dispose();

    [Benchmark]
    public void Multiply() => peak!.Multiply();
}
