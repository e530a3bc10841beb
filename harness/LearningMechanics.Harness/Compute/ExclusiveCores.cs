namespace LearningMechanics.Harness.Compute;

/// <summary>
/// A machine-wide turn on the CPU cores, held by one process at a time (an exclusive lock on a file in the temp folder;
/// the OS releases it when the process ends, however it ends). libtorch runs each operation on a team of OpenMP threads
/// sized to the cores; two processes doing that at once make every parallel region wait for threads the other process
/// has descheduled. Measured on 2 cores: one reference MLP step took 1.3 ms alone and 6.8 ms with a second such process
/// running, so two processes took 2.6× longer than the same work done one after the other. `dotnet test` starts the
/// test assemblies side by side; each takes this turn before its first test, so their torch work runs in series.
/// </summary>
public sealed class ExclusiveCores : IDisposable
{
    /// <summary>The lock every test assembly on this machine shares (one per machine, not per checkout: cores are shared).</summary>
    public static string DefaultPath => Path.Combine(Path.GetTempPath(), "learning-mechanics-cores.lock");

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private static readonly Lock ProcessGate = new();

    // Paths whose turn this process holds for its whole life or for a test assembly's run: a later request from the
    // same process (lm run in-process under a test fixture, or a second claim batch) must not wait on itself.
    private static readonly Dictionary<string, ExclusiveCores?> ProcessHolds = [];

    private readonly FileStream handle;

    private readonly string? processPath;

    /// <summary>Waits for the machine-wide turn (<see cref="DefaultPath"/>); this is how a test assembly fixture takes it.</summary>
    public ExclusiveCores() : this(Acquire(DefaultPath).handle)
    {
        processPath = DefaultPath;
        lock (ProcessGate) ProcessHolds[DefaultPath] = null;
    }

    private ExclusiveCores(FileStream handle) => this.handle = handle;

    /// <summary>Waits (without a time limit) until no other holder of <paramref name="path"/> remains.</summary>
    public static ExclusiveCores Acquire(string path) =>
        TryAcquire(path, Timeout.InfiniteTimeSpan) ?? throw new InvalidOperationException("unreachable: an unlimited wait returned nothing");

    /// <summary>The turn, or null if another holder kept it for longer than <paramref name="wait"/>.</summary>
    public static ExclusiveCores? TryAcquire(string path, TimeSpan wait)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix and a share-mode lock on Windows: a second open fails.
                return new ExclusiveCores(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            // A held lock surfaces as a plain IOException; its subclasses (a missing folder, a bad path) are real errors.
            catch (IOException e) when (e.GetType() == typeof(IOException))
            {
                if (wait != Timeout.InfiniteTimeSpan && waited.Elapsed >= wait) return null;
                Thread.Sleep(Poll);
            }
        }
    }

    /// <summary>
    /// Takes <paramref name="path"/>'s turn for the rest of this process (the OS releases it at exit), unless this process
    /// already holds it; while another process holds it, calls <paramref name="waiting"/> once and waits. This is how
    /// `lm run` and `lm audit` take their turn when they use every core.
    /// </summary>
    public static void HoldForProcess(string path, Action<string> waiting)
    {
        lock (ProcessGate)
        {
            if (ProcessHolds.ContainsKey(path)) return;
            var turn = TryAcquire(path, TimeSpan.Zero);
            if (turn is null)
            {
                waiting($"waiting for the cores: another process (a test run, or lm) is using every core ({path}); LM_THREADS=1 would share them instead");
                turn = Acquire(path);
            }
            ProcessHolds[path] = turn;
        }
    }

    public void Dispose()
    {
        if (processPath is not null)
            lock (ProcessGate) ProcessHolds.Remove(processPath);
        handle.Dispose();
    }
}
