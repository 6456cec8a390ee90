namespace SessionDsl.Cli;

/// <summary>The process entry point: everything else takes its writers and working folder as arguments, so tests run it in-process.</summary>
public static class Program
{
    public static int Main(string[] args) =>
        CommandLine.Run(args, new CliContext(Console.Out, Console.Error, Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable("PATH")));
}

/// <summary>What a command may touch of the outside world: where to write, the folder relative paths start from, and the PATH searched for Graphviz.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, string WorkingDirectory, string? PathVariable);

/// <summary>Exit codes, the same for every command (docs/cli.md lists them).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A definition has an error, or the requested output could not be produced (SVG without Graphviz).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown command or option, a path that does not exist.</summary>
    public const int Usage = 2;
}
