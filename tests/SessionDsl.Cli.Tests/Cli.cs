using SessionDsl.Tests.Shared;

namespace SessionDsl.Cli.Tests;

/// <summary>One run of the tool, in-process, with its own writers, working folder and PATH.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(string workingDirectory, params string[] args) =>
        WithPath(workingDirectory, Environment.GetEnvironmentVariable("PATH"), args);

    public static CliRun WithPath(string workingDirectory, string? pathVariable, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int exit = CommandLine.Run(args, new CliContext(output, error, workingDirectory, pathVariable));
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- out ---\n{Out}\n--- error ---\n{Error}";
}

/// <summary>Files of the repository, found by walking up from the test assembly to SessionDsl.sln.</summary>
internal static class RepoPaths
{
    public static string Root => RepoRoot.Path;

    public static string Definitions => Path.Combine(Root, "definitions");

    public static IReadOnlyList<string> DefinitionFiles =>
        Directory.GetFiles(Definitions, "*.lifecycle.yaml").OrderBy(p => p, StringComparer.Ordinal).ToList();

    public static IEnumerable<object[]> DefinitionFileNames => DefinitionFiles.Select(p => new object[] { Path.GetFileName(p) });
}
