using Microsoft.CodeAnalysis;
using SessionDsl.Language.Diagnostics;

namespace SessionDsl.Diagnostics;

/// <summary>
/// Turns a <see cref="DiagnosticCatalog"/> entry into the compiler's descriptor. Compiled into both the generator and the
/// analyzers (linked, one file), so the two make their descriptors the same way from the one catalogue.
/// </summary>
internal static class CatalogDescriptors
{
    public static DiagnosticDescriptor ToDescriptor(DiagnosticKind kind) =>
        new(kind.Id, kind.Title, kind.MessageFormat, kind.Category, Severity(kind.Severity), isEnabledByDefault: true, helpLinkUri: kind.HelpLink);

    private static DiagnosticSeverity Severity(DiagnosticSeverityKind severity) => severity switch
    {
        DiagnosticSeverityKind.Info => DiagnosticSeverity.Info,
        DiagnosticSeverityKind.Warning => DiagnosticSeverity.Warning,
        DiagnosticSeverityKind.Error => DiagnosticSeverity.Error,
        _ => throw new System.ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity"),
    };
}
