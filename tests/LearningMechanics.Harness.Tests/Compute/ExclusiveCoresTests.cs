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

    [Fact]
    public async Task AProcessHoldWaitsForAnotherHolderOnceAndThenNeverAgain()
    {
        var cancel = TestContext.Current.CancellationToken;
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var other = ExclusiveCores.Acquire(path); // stands in for another process: a separate lock on the same file
        var hold = Task.Run(() => ExclusiveCores.HoldForProcess(path, messages.Enqueue), cancel);
        await Task.Delay(300, cancel);
        Assert.False(hold.IsCompleted);
        Assert.Single(messages);
        Assert.Contains("LM_THREADS=1", messages.Single());
        other.Dispose();
        await hold.WaitAsync(TimeSpan.FromSeconds(10), cancel);

        // Held for the process now: a second request returns at once, and nobody else gets the file.
        ExclusiveCores.HoldForProcess(path, messages.Enqueue);
        Assert.Single(messages);
        Assert.Null(ExclusiveCores.TryAcquire(path, TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void AProcessHoldUnderTheAssemblyFixtureDoesNotWaitOnItself()
    {
        // This assembly's fixture holds the default turn (TestAssemblySetup); lm run in-process must not deadlock on it.
        var messages = new List<string>();
        ExclusiveCores.HoldForProcess(ExclusiveCores.DefaultPath, messages.Add);
        Assert.Empty(messages);
    }

    public void Dispose() => File.Delete(path);
}
