using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Harness.Tests.Compute;

public sealed class HeapRetentionTests
{
    [Fact]
    public void RaisesGlibcThresholdsOnLinux()
    {
        // mallopt returns 1 only when glibc accepted the value (it refuses an mmap threshold above its 32 MiB cap).
        Assert.Equal(OperatingSystem.IsLinux(), HeapRetention.Apply());
    }
}
