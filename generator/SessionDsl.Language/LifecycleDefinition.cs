using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Parsing;
using SessionDsl.Language.Validation;

namespace SessionDsl.Language;

/// <summary>A definition read and checked: the model when it is usable, and every diagnostic found.</summary>
public sealed record DefinitionResult(LifecycleModel? Lifecycle, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Kind.Severity == DiagnosticSeverityKind.Error);

    /// <summary>The model, only when no error was found: what may be emitted.</summary>
    public LifecycleModel? Valid => HasErrors ? null : Lifecycle;
}

/// <summary>The front door of the language: one definition file in, a checked model and its diagnostics out.</summary>
public static class LifecycleDefinition
{
    /// <summary>
    /// Whether a file is a lifecycle definition: its name ends in <c>.lifecycle.yaml</c> or <c>.lifecycle.yml</c> (any
    /// case). The generator, the analyzers and the package's build targets (which pick up <c>*.lifecycle.yaml</c> and
    /// <c>*.lifecycle.yml</c>) agree on this.
    /// </summary>
    public static bool IsLifecycleFile(string path) =>
        path.EndsWith(".lifecycle.yaml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".lifecycle.yml", StringComparison.OrdinalIgnoreCase);

    public static DefinitionResult Read(string path, string text)
    {
        var diagnostics = new List<DiagnosticInfo>();
        LifecycleModel? model = null;
        try
        {
            model = DefinitionParser.Parse(path, text, diagnostics);
            if (model is not null)
            {
                diagnostics.AddRange(DefinitionValidator.Validate(model));
                if (!diagnostics.Any(d => d.Kind.Severity == DiagnosticSeverityKind.Error))
                {
                    diagnostics.AddRange(DefinitionValidator.Analyze(model));
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug in SessionDsl must still surface as a diagnostic, never as a crashed build.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InternalError, SourceSpan.FileStart(path), ex.GetType().Name + ": " + ex.Message));
            model = null;
        }

        return new DefinitionResult(model, diagnostics.ToEquatableArray());
    }
}
