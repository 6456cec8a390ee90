using SessionDsl.Language.Diagnostics;

namespace SessionDsl.Cli;

/// <summary>
/// The shape <c>paths</c> and <c>page</c> share: definitions in (files, or folders searched as <c>check</c> does),
/// files out to <c>--output DIR</c>. Usage mistakes exit 2; definitions with errors print them and write nothing (exit
/// 1); a folder that cannot be written exits 1.
/// </summary>
internal static class FolderOutput
{
    private static readonly IReadOnlyDictionary<string, string> KnownOptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--output"] = "--output",
        ["-o"] = "--output",
    };

    /// <summary>Runs <paramref name="write"/> on each valid definition with the output folder (created); <paramref name="what"/> names the files in messages.</summary>
    public static int Run(string command, string what, string[] args, CliContext context, Action<DefinitionFile, string> write)
    {
        ParsedArguments? parsed = ParsedArguments.Parse(args, KnownOptions, out string? error);
        if (parsed is null)
        {
            return CommandLine.UsageError(context, error!);
        }

        if (parsed.Option("--output") is not { } output)
        {
            return CommandLine.UsageError(context, $"{command}: give the folder to write the {what}s to with --output DIR");
        }

        IReadOnlyList<string>? files = DefinitionSet.Find(parsed.Positional, context.WorkingDirectory, out string? missing);
        if (files is null)
        {
            return CommandLine.UsageError(context, $"{command}: no such file or folder: {missing}");
        }

        DefinitionSet set = DefinitionSet.Check(files, context.WorkingDirectory);
        if (set.HasErrors)
        {
            foreach (DiagnosticInfo diagnostic in set.Diagnostics.Where(d => d.Kind.Severity == DiagnosticSeverityKind.Error))
            {
                context.Error.WriteLine(diagnostic.ToString());
            }

            context.Error.WriteLine($"sessiondsl: {command}: the definitions have errors; no {what} was written");
            return ExitCodes.Failure;
        }

        string folder = Path.GetFullPath(output, context.WorkingDirectory);
        try
        {
            Directory.CreateDirectory(folder);
            foreach (DefinitionFile file in set.Files)
            {
                write(file, folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"sessiondsl: {command}: cannot write to {output}: {ex.Message}");
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }
}
