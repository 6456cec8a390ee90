using System.Text;
using SessionDsl.Language.Diagnostics;
using SessionDsl.Emission;
using SessionDsl.Language.Model;

namespace SessionDsl.Cli;

/// <summary><c>sessiondsl render &lt;file&gt; [--format mermaid|dot|svg] [--output FILE]</c>: one definition as a diagram.</summary>
internal static class RenderCommand
{
    public static int Run(string[] args, CliContext context)
    {
        ParsedArguments? parsed = ParsedArguments.Parse(args, ParsedArguments.FormatAndOutput, out string? error);
        if (parsed is null)
        {
            return CommandLine.UsageError(context, error!);
        }

        if (parsed.Positional.Count != 1)
        {
            return CommandLine.UsageError(context, "render: give exactly one definition file");
        }

        string format = parsed.Option("--format") ?? "mermaid";
        if (format is not ("mermaid" or "dot" or "svg"))
        {
            return CommandLine.UsageError(context, $"render: unknown format '{format}' (mermaid, dot or svg)");
        }

        string file = parsed.Positional[0];
        string full = Path.GetFullPath(file, context.WorkingDirectory);
        if (!File.Exists(full))
        {
            return CommandLine.UsageError(context, $"render: no such file: {file}");
        }

        // The same checks as check and the build; a definition with errors has no trustworthy diagram.
        DefinitionSet set = DefinitionSet.Check(new[] { full }, context.WorkingDirectory);
        foreach (DiagnosticInfo diagnostic in set.Diagnostics)
        {
            context.Error.WriteLine(diagnostic.ToString());
        }

        LifecycleModel? lifecycle = set.Files[0].Result.Valid;
        if (set.HasErrors || lifecycle is null)
        {
            context.Error.WriteLine($"sessiondsl: render: {file} has errors; nothing rendered");
            return ExitCodes.Failure;
        }

        string diagram;
        switch (format)
        {
            case "mermaid":
                diagram = MermaidWriter.Write(lifecycle);
                break;
            case "dot":
                diagram = DotWriter.Write(lifecycle);
                break;
            default:
                string? dot = Graphviz.Find(context.PathVariable);
                if (dot is null)
                {
                    context.Error.WriteLine("sessiondsl: render: " + Graphviz.NotInstalled);
                    return ExitCodes.Failure;
                }

                string? svg = Graphviz.ToSvg(dot, DotWriter.Write(lifecycle), out string? dotError);
                if (svg is null)
                {
                    context.Error.WriteLine("sessiondsl: render: " + dotError);
                    return ExitCodes.Failure;
                }

                diagram = svg;
                break;
        }

        string? output = parsed.Option("--output");
        if (output is null)
        {
            context.Out.Write(diagram);
            return ExitCodes.Success;
        }

        try
        {
            File.WriteAllText(Path.GetFullPath(output, context.WorkingDirectory), diagram, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"sessiondsl: render: cannot write {output}: {ex.Message}");
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }
}
