using System.CommandLine;
using LearningMechanics.Cli.Commands;
using LearningMechanics.Harness.Compute;

namespace LearningMechanics.Cli;

/// <summary>
/// Entry point of `lm`. <see cref="Run(string[], Session)"/> is the whole command without a process around it, so tests
/// call it with string writers. User errors become one line on stderr and exit code 2, never a stack trace.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Session.ForConsole());

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, new Session(stdout, stderr));

    public static int Run(string[] args, Session session)
    {
        var parse = LmCommand.Create(session).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) session.Error.WriteLine($"lm: {error.Message}");
            session.Error.WriteLine($"Run '{string.Join(" ", VerbPath(parse).Prepend("lm"))} --help' for usage.");
            return ExitCode.Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = session.Out, Error = session.Error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            session.Error.WriteLine($"lm: {e.Message}");
            return ExitCode.Usage;
        }
        catch (NativeLibraryException e)
        {
            session.Error.WriteLine($"lm: {e.Message}");
            return ExitCode.Error;
        }
        catch (Exception e)
        {
            // Not the user's input: a defect. The trace is what a bug report needs.
            session.Error.WriteLine($"lm: internal error, please report it: {e}");
            return ExitCode.Error;
        }
        finally
        {
            session.Out.Flush();
            session.Error.Flush();
        }
    }

    private static IEnumerable<string> VerbPath(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand ? [] : [parse.CommandResult.Command.Name];
}
