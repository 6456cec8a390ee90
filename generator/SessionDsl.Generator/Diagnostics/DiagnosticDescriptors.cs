using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SessionDsl.Diagnostics;
using SessionDsl.Language.Diagnostics;

namespace SessionDsl.Generator.Diagnostics;

/// <summary>
/// The compiler's descriptors for every definition diagnostic, made from <see cref="DiagnosticCatalog.All"/>: the
/// catalogue is the one place an ID, title, message or severity is written. Release tracking (AnalyzerReleases.*.md)
/// is written from the same catalogue and checked by a test, since Roslyn's own check sees only literal IDs.
/// </summary>
internal static class DiagnosticDescriptors
{
    private static readonly Dictionary<string, DiagnosticDescriptor> ById =
        DiagnosticCatalog.All.ToDictionary(kind => kind.Id, CatalogDescriptors.ToDescriptor, System.StringComparer.Ordinal);

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = DiagnosticCatalog.All.Select(kind => ById[kind.Id]).ToArray();

    public static DiagnosticDescriptor Get(string id) => ById[id];

    /// <summary>Turns diagnostic data into a compiler diagnostic located at the YAML file, line and column.</summary>
    public static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var span = info.Span;
        var location = Location.Create(
            span.Path,
            new TextSpan(span.Start, System.Math.Max(0, span.End - span.Start)),
            new LinePositionSpan(new LinePosition(span.StartLine, span.StartColumn), new LinePosition(span.EndLine, span.EndColumn)));
        return Diagnostic.Create(Get(info.Id), location, info.Args.ToArray<object>());
    }
}
