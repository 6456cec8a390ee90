using SessionDsl.Language.Diagnostics;
using Xunit;

namespace SessionDsl.Analyzers.Tests;

/// <summary>
/// The analyzer reports exactly the catalogue's C# diagnostics, as the catalogue describes them. Their pages, table rows
/// and release entries are written from the same catalogue and checked by the generator tests' DiagnosticCatalogueFilesTests.
/// </summary>
public sealed class DocumentationTests
{
    [Fact]
    public void The_analyzer_supports_exactly_the_catalogue_usage_diagnostics()
    {
        var supported = new LifecycleUsageAnalyzer().SupportedDiagnostics;

        Assert.Equal(DiagnosticCatalog.Usage.Select(k => k.Id), supported.Select(d => d.Id));
        foreach (var descriptor in supported)
        {
            DiagnosticKind kind = DiagnosticCatalog.Get(descriptor.Id);
            Assert.Equal(kind.Title, descriptor.Title.ToString());
            Assert.Equal(kind.MessageFormat, descriptor.MessageFormat.ToString());
            Assert.Equal(kind.Severity.ToString(), descriptor.DefaultSeverity.ToString());
            Assert.Equal(DiagnosticCatalog.UsageCategory, descriptor.Category);
            Assert.Equal($"https://github.com/sessiondsl/sessiondsl/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
        }
    }

    [Fact]
    public void The_code_fixes_fix_exactly_the_catalogue_entries_that_name_a_fix()
    {
        // The code fixes assembly loads without the language assembly, so it writes the IDs it fixes itself; this keeps
        // them to the catalogue's word.
        var fixedIds = new Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider[] { new CodeFixes.ReplaceIllegalEventCodeFix(), new CodeFixes.AddMissingSwitchArmsCodeFix() }
            .SelectMany(f => f.FixableDiagnosticIds)
            .OrderBy(id => id, StringComparer.Ordinal);

        Assert.Equal(DiagnosticCatalog.Usage.Where(k => k.CodeFix is not null).Select(k => k.Id), fixedIds);
    }

    [Fact]
    public void The_analyzers_load_no_template_engine()
    {
        // Writing code is SessionDsl.Emission's job; the analyzers and the language assembly they read definitions with
        // must not reference it or Scriban, so an IDE loading the analyzers loads neither.
        foreach (var assembly in new[] { typeof(LifecycleUsageAnalyzer).Assembly, typeof(DiagnosticCatalog).Assembly })
        {
            var references = assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
            Assert.DoesNotContain("Scriban.Signed", references);
            Assert.DoesNotContain("SessionDsl.Emission", references);
        }
    }
}
