using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Harness.Tests.Compute;

public sealed class HeapRetentionTests
{
    [Fact]
    public void RaisesGlibcThresholdsOnLinux()
    {
        // mallopt returns 1 only when glibc accepted the value (older glibc refuses an mmap threshold above 32 MiB; Apply then falls back to 32 MiB).
        Assert.Equal(OperatingSystem.IsLinux(), HeapRetention.Apply());
    }
}
