using System.Reflection;

namespace SessionDsl.Cli;

/// <summary>The command line: which command, then its own arguments. Hand-written: six commands and a few options need no parser package.</summary>
internal static class CommandLine
{
    public const string Usage =
        "Usage:\n" +
        "  sessiondsl check [paths...] [--format text|sarif] [--output FILE]\n" +
        "      Check definitions (files, or folders searched for *.lifecycle.yaml; default: the current folder)\n" +
        "      with the generator's own diagnostics. Exit code 1 on any error.\n" +
        "  sessiondsl render <file> [--format mermaid|dot|svg] [--output FILE]\n" +
        "      Draw one definition as Mermaid (default), Graphviz DOT, or SVG (needs Graphviz's dot).\n" +
        "  sessiondsl simulate <scenario.yaml>... [--junit FILE]\n" +
        "      Run scenarios (a lifecycle, options, events and clock moves, expectations) on a fake clock;\n" +
        "      a readable report, and JUnit XML with --junit. Exit code 1 on a failed expectation.\n" +
        "  sessiondsl paths [paths...] --output DIR\n" +
        "      Write scenarios that together cover every transition and timer of the definitions under every\n" +
        "      combination of the options they depend on, with the expected statuses, outcomes and timers.\n" +
        "  sessiondsl coverage <scenario.yaml>... [--fail-under PERCENT]\n" +
        "      Which transitions and timers the scenarios exercise, and which they miss (with their lines).\n" +
        "  sessiondsl page [paths...] --output DIR\n" +
        "      Write an interactive HTML page per definition: its diagram, options, the events permitted now,\n" +
        "      a clock to move, the running timers and a log; self-contained (no network when viewed).\n" +
        "  sessiondsl --help | --version\n" +
        "Exit codes: 0 success, 1 errors in a definition, a failed expectation (or output that could not be\n" +
        "produced), 2 bad usage or a malformed scenario.\n" +
        "Documentation: docs/cli.md\n";

    public static int Run(string[] args, CliContext context)
    {
        if (args.Length == 0)
        {
            context.Error.Write(Usage);
            return ExitCodes.Usage;
        }

        string[] rest = args.Skip(1).ToArray();
        switch (args[0])
        {
            case "check":
                return CheckCommand.Run(rest, context);
            case "render":
                return RenderCommand.Run(rest, context);
            case "simulate":
                return SimulateCommand.Run(rest, context);
            case "paths":
                return PathsCommand.Run(rest, context);
            case "coverage":
                return CoverageCommand.Run(rest, context);
            case "page":
                return PageCommand.Run(rest, context);
            case "-h" or "--help" or "help":
                context.Out.Write(Usage);
                return ExitCodes.Success;
            case "--version":
                context.Out.WriteLine(Version);
                return ExitCodes.Success;
            default:
                return UsageError(context, $"unknown command '{args[0]}'");
        }
    }

    public static string Version =>
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static int UsageError(CliContext context, string message)
    {
        context.Error.WriteLine("sessiondsl: " + message);
        context.Error.Write(Usage);
        return ExitCodes.Usage;
    }
}

/// <summary>A command's arguments split into positional values and the options it knows (<c>--name value</c> or <c>--name=value</c>).</summary>
internal sealed class ParsedArguments
{
    private ParsedArguments(List<string> positional, Dictionary<string, string> options)
    {
        Positional = positional;
        Options = options;
    }

    public IReadOnlyList<string> Positional { get; }

    public IReadOnlyDictionary<string, string> Options { get; }

    public string? Option(string name) => Options.TryGetValue(name, out string? value) ? value : null;

    /// <summary>Parses <paramref name="args"/>; on a mistake returns null and says why in <paramref name="error"/>.</summary>
    public static ParsedArguments? Parse(string[] args, IReadOnlyDictionary<string, string> knownOptions, out string? error)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }

            if (!arg.StartsWith('-') || arg == "-")
            {
                positional.Add(arg);
                continue;
            }

            string name = arg;
            string? value = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg.Substring(0, equals);
                value = arg.Substring(equals + 1);
            }

            // Short aliases (-f, -o) map to their long names.
            if (!knownOptions.TryGetValue(name, out string? canonical))
            {
                error = $"unknown option '{name}'";
                return null;
            }

            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    error = $"option '{canonical}' needs a value";
                    return null;
                }

                value = args[++i];
            }

            if (options.ContainsKey(canonical))
            {
                error = $"option '{canonical}' is given more than once";
                return null;
            }

            options[canonical] = value;
        }

        error = null;
        return new ParsedArguments(positional, options);
    }

    public static readonly IReadOnlyDictionary<string, string> FormatAndOutput = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--format"] = "--format",
        ["-f"] = "--format",
        ["--output"] = "--output",
        ["-o"] = "--output",
    };
}
