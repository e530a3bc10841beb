using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Tests.Compute;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void LibTorchLoadsAndComputes()
    {
        TorchRuntime.EnsureLoaded();
        using var x = torch.ones(3, dtype: torch.ScalarType.Float64);
        Assert.Equal(3.0, x.sum().item<double>());
    }
}
