using BenchmarkDotNet.Running;

namespace LearningMechanics.Benchmarks;

/// <summary>
/// BenchmarkDotNet's switcher: `dotnet run -c Release --project tests/LearningMechanics.Benchmarks -- --filter '*'`.
/// For the four headline ratios in one quick run use `lm bench` instead.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
