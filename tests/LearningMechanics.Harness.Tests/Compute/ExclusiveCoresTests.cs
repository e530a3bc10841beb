using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Harness.Tests.Compute;

public sealed class ExclusiveCoresTests : IDisposable
{
    // Not the default path: this test assembly holds that one while it runs.
    private readonly string path = Path.Combine(Path.GetTempPath(), $"exclusive-cores-test-{Guid.NewGuid():N}.lock");

    [Fact]
    public void ASecondHolderWaitsUntilTheFirstLetsGo()
    {
        using (ExclusiveCores.Acquire(path))
        {
            Assert.Null(ExclusiveCores.TryAcquire(path, TimeSpan.FromMilliseconds(300)));
        }
        using var second = ExclusiveCores.TryAcquire(path, TimeSpan.FromMilliseconds(300));
        Assert.NotNull(second);
    }

    [Fact]
    public async Task AWaitingHolderGetsTheTurnWhenItIsReleased()
    {
        var cancel = TestContext.Current.CancellationToken;
        var first = ExclusiveCores.Acquire(path);
        var waiter = Task.Run(() => ExclusiveCores.Acquire(path), cancel);
        await Task.Delay(300, cancel);
        Assert.False(waiter.IsCompleted);
        first.Dispose();
        using var second = await waiter.WaitAsync(TimeSpan.FromSeconds(10), cancel);
    }

    [Fact]
    public void AnUnusablePathIsAnErrorNotAnEndlessWait()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-folder-{Guid.NewGuid():N}", "cores.lock");
        Assert.Throws<DirectoryNotFoundException>(() => ExclusiveCores.Acquire(missing));
    }

    public void Dispose() => File.Delete(path);
}
