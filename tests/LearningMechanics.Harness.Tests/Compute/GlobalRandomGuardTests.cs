using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Compute;

public sealed class GlobalRandomGuardTests
{
    [Fact]
    public void DrawsFromTheRunsOwnGeneratorPass()
    {
        var guard = new GlobalRandomGuard();
        var generator = ComputeDevice.Cpu.Seed(7);
        using var drawn = torch.randn(64, generator: generator);
        guard.Check("a run");
    }

    [Fact]
    public void ADrawFromTheGlobalGeneratorFailsTheRun()
    {
        var guard = new GlobalRandomGuard();
        using var drawn = torch.randn(4);
        var error = Assert.Throws<InvalidOperationException>(() => guard.Check("claim-x"));
        Assert.StartsWith("claim-x (or a run beside it) drew from libtorch's global random generator", error.Message);
    }

    [Fact]
    public void SeedingLeavesTheGlobalGeneratorAlone()
    {
        var guard = new GlobalRandomGuard();
        ComputeDevice.Cpu.Seed(1);
        ComputeDevice.Cpu.Seed(2);
        guard.Check("a run");
    }
}
