using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SessionDsl.Language.Diagnostics;

namespace SessionDsl.Cli;

/// <summary>
/// A check's diagnostics as SARIF 2.1.0, the format code-scanning UIs read: one run, one rule per diagnostic kind
/// (the same IDs, titles and help pages as the generator's descriptors), one result per diagnostic with its region.
/// </summary>
internal static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The base that relative artifact URIs resolve against: the folder check ran in.</summary>
    public const string SourceRoot = "%SRCROOT%";

    public static string Write(DefinitionSet set, string workingDirectory)
    {
        IReadOnlyList<DiagnosticKind> rules = DiagnosticCatalog.All;
        var ruleIndex = rules.Select((kind, i) => (kind.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

        // Relaxed escaping keeps quotes in messages readable; the report is a file, never embedded in HTML.
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "sessiondsl");
            json.WriteString("semanticVersion", CommandLine.Version);
            json.WriteString("informationUri", "https://github.com/sessiondsl/sessiondsl/blob/main/docs/cli.md");
            json.WriteStartArray("rules");
            foreach (DiagnosticKind kind in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", kind.Id);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", kind.Title);
                json.WriteEndObject();
                json.WriteString("helpUri", kind.HelpLink);
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(kind.Severity));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(SourceRoot);
            json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(workingDirectory)) + Path.DirectorySeparatorChar).AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("results");
            foreach (DiagnosticInfo diagnostic in set.Diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", diagnostic.Id);
                json.WriteNumber("ruleIndex", ruleIndex[diagnostic.Id]);
                json.WriteString("level", Level(diagnostic.Kind.Severity));
                json.WriteStartObject("message");
                json.WriteString("text", diagnostic.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                if (Path.IsPathRooted(diagnostic.Span.Path))
                {
                    json.WriteString("uri", new Uri(diagnostic.Span.Path).AbsoluteUri);
                }
                else
                {
                    json.WriteString("uri", RelativeUri(diagnostic.Span.Path));
                    json.WriteString("uriBaseId", SourceRoot);
                }

                json.WriteEndObject();
                // SARIF counts lines and columns from 1; the span's end column is exclusive, as SARIF's endColumn is.
                json.WriteStartObject("region");
                json.WriteNumber("startLine", diagnostic.Span.StartLine + 1);
                json.WriteNumber("startColumn", diagnostic.Span.StartColumn + 1);
                json.WriteNumber("endLine", diagnostic.Span.EndLine + 1);
                json.WriteNumber("endColumn", diagnostic.Span.EndColumn + 1);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Level(DiagnosticSeverityKind severity) => severity switch
    {
        DiagnosticSeverityKind.Error => "error",
        DiagnosticSeverityKind.Warning => "warning",
        DiagnosticSeverityKind.Info => "note",
    };

    private static string RelativeUri(string relativePath) =>
        string.Join('/', relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString));
}
