using Spectre.Console;

namespace LearningMechanics.Cli;

/// <summary>
/// Where one `lm` invocation writes and how it may draw: tests pass string writers and a fake clock; the real
/// command passes the console. Live progress bars and colours only on an interactive terminal; logs get plain lines.
/// </summary>
public sealed class Session(TextWriter output, TextWriter error)
{
    /// <summary>Output columns assumed when stdout is not a terminal (logs, files, tests): wide enough that tables do not wrap.</summary>
    public const int RedirectedWidth = 200;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Whether stdout is a terminal a person watches (live progress, colours).</summary>
    public bool Interactive { get; init; }

    /// <summary>Where the repository is searched from before the build output's location.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The least time between two plain progress lines of one run (CI logs stay readable).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Environment lookups for LM_TIER, LM_DEVICE, LM_SEED_OFFSET, LM_ARTIFACTS_DIR and LM_BASELINES_DIR; tests
    /// substitute their own. (LM_THREADS and LM_RUN_ID are read by the harness from the process itself.)
    /// </summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The process's own console: interactive unless stdout is redirected, CI=true or TERM=dumb.</summary>
    public static Session ForConsole()
    {
        string? ci = Environment.GetEnvironmentVariable("CI");
        bool inCi = !string.IsNullOrEmpty(ci) && ci is not ("false" or "0");
        bool dumb = Environment.GetEnvironmentVariable("TERM") == "dumb";
        return new Session(Console.Out, Console.Error) { Interactive = !Console.IsOutputRedirected && !inCi && !dumb };
    }

    /// <summary>A Spectre console over <see cref="Out"/>: ANSI and live display when interactive, plain wide text otherwise.</summary>
    public IAnsiConsole Screen => screen ??= CreateScreen();

    private IAnsiConsole? screen;

    private IAnsiConsole CreateScreen()
    {
        if (Interactive) return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Out) });
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Out),
        });
        console.Profile.Width = RedirectedWidth;
        return console;
    }
}
