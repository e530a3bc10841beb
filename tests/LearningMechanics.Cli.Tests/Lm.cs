namespace LearningMechanics.Cli.Tests;

/// <summary>What one in-process `lm` invocation returned and printed.</summary>
public sealed record LmResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs `lm` in this process with string writers, a temporary artifacts and baselines folder, and an environment that
/// holds only what the test gives it: the checkout's own folders and CI's step summary are never touched.
/// </summary>
public sealed class Lm : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("lm-cli-").FullName;

    public string Artifacts => Path.Combine(Folder, "artifacts");

    public string Baselines => Path.Combine(Folder, "baselines");

    public Dictionary<string, string> Environment { get; } = [];

    public LmResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var variables = new Dictionary<string, string>(Environment)
        {
            [Locations.ArtifactsVariable] = Artifacts,
            [Locations.BaselinesVariable] = Baselines,
        };
        var session = new Session(stdout, stderr)
        {
            Variable = name => variables.GetValueOrDefault(name),
            WorkingDirectory = Folder,
        };
        int code = Program.Run(args, session);
        return new LmResult(code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
