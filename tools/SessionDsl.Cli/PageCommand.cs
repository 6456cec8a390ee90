using System.Text;
using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Cli;

/// <summary>
/// <c>sessiondsl page [paths...] --output DIR</c>: one self-contained interactive HTML page per definition
/// (<see cref="PageWriter"/>), named after its lifecycle. Exit 0, 1 when a definition has errors or a page cannot be
/// written, 2 for bad usage.
/// </summary>
internal static class PageCommand
{
    private static readonly IReadOnlyDictionary<string, string> KnownOptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--output"] = "--output",
        ["-o"] = "--output",
    };

    public static int Run(string[] args, CliContext context)
    {
        ParsedArguments? parsed = ParsedArguments.Parse(args, KnownOptions, out string? error);
        if (parsed is null)
        {
            return CommandLine.UsageError(context, error!);
        }

        if (parsed.Option("--output") is not { } output)
        {
            return CommandLine.UsageError(context, "page: give the folder to write the pages to with --output DIR");
        }

        IReadOnlyList<string>? files = DefinitionSet.Find(parsed.Positional, context.WorkingDirectory, out string? missing);
        if (files is null)
        {
            return CommandLine.UsageError(context, $"page: no such file or folder: {missing}");
        }

        DefinitionSet set = DefinitionSet.Check(files, context.WorkingDirectory);
        if (set.HasErrors)
        {
            foreach (DiagnosticInfo diagnostic in set.Diagnostics.Where(d => d.Kind.Severity == DiagnosticSeverityKind.Error))
            {
                context.Error.WriteLine(diagnostic.ToString());
            }

            context.Error.WriteLine("sessiondsl: page: the definitions have errors; no page was written");
            return ExitCodes.Failure;
        }

        string folder = Path.GetFullPath(output, context.WorkingDirectory);
        try
        {
            Directory.CreateDirectory(folder);
            foreach (DefinitionFile file in set.Files)
            {
                LifecycleModel lifecycle = file.Result.Valid!;
                string page = Path.Combine(folder, lifecycle.Name + ".html");
                File.WriteAllText(page, PageWriter.Write(lifecycle, file.ShownPath), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                context.Out.WriteLine($"{lifecycle.Name} ({file.ShownPath}): {DefinitionSet.DisplayPath(page, context.WorkingDirectory)}");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"sessiondsl: page: cannot write to {output}: {ex.Message}");
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }
}
