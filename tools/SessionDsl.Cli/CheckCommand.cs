using System.Text;
using SessionDsl.Language.Diagnostics;

namespace SessionDsl.Cli;

/// <summary><c>sessiondsl check [paths...] [--format text|sarif] [--output FILE]</c>: the build's diagnostics without a build.</summary>
internal static class CheckCommand
{
    public static int Run(string[] args, CliContext context)
    {
        ParsedArguments? parsed = ParsedArguments.Parse(args, ParsedArguments.FormatAndOutput, out string? error);
        if (parsed is null)
        {
            return CommandLine.UsageError(context, error!);
        }

        string format = parsed.Option("--format") ?? "text";
        if (format is not ("text" or "sarif"))
        {
            return CommandLine.UsageError(context, $"check: unknown format '{format}' (text or sarif)");
        }

        IReadOnlyList<string>? files = DefinitionSet.Find(parsed.Positional, context.WorkingDirectory, out string? missing);
        if (files is null)
        {
            return CommandLine.UsageError(context, $"check: no such file or folder: {missing}");
        }

        DefinitionSet set = DefinitionSet.Check(files, context.WorkingDirectory);
        string report = format == "sarif" ? SarifWriter.Write(set, context.WorkingDirectory) : TextReport(set);
        string? output = parsed.Option("--output");
        if (output is not null)
        {
            string full = Path.GetFullPath(output, context.WorkingDirectory);
            try
            {
                File.WriteAllText(full, report, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"sessiondsl: check: cannot write {output}: {ex.Message}");
                return ExitCodes.Failure;
            }
        }
        else
        {
            context.Out.Write(report);
        }

        // With SARIF on standard output, the summary goes to standard error so the output stays one JSON document.
        TextWriter summaryWriter = format == "sarif" && output is null ? context.Error : context.Out;
        summaryWriter.WriteLine(Summary(set) + (output is null ? string.Empty : $"; {format} report written to {output}"));
        if (files.Count == 0)
        {
            context.Error.WriteLine("sessiondsl: check: warning: no *.lifecycle.yaml file found");
        }

        return set.HasErrors ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>One line per diagnostic, MSBuild's canonical format: <c>path(line,col): error SDSL0010: message</c>.</summary>
    private static string TextReport(DefinitionSet set)
    {
        var text = new StringBuilder();
        foreach (DiagnosticInfo diagnostic in set.Diagnostics)
        {
            text.Append(diagnostic.ToString()).Append('\n');
        }

        return text.ToString();
    }

    private static string Summary(DefinitionSet set)
    {
        int errors = set.Count(DiagnosticSeverityKind.Error);
        int warnings = set.Count(DiagnosticSeverityKind.Warning);
        int infos = set.Count(DiagnosticSeverityKind.Info);
        string summary = $"{Plural(set.Files.Count, "definition")} checked: {Plural(errors, "error")}, {Plural(warnings, "warning")}";
        return infos > 0 ? summary + $", {Plural(infos, "message")}" : summary;
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
