using System.Text;
using SessionDsl.Language.Diagnostics;
using Xunit;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// Everything that lists diagnostics follows from <see cref="DiagnosticCatalog"/>: the tables in the README and in
/// docs/diagnostics/README.md, and both projects' release-tracking files are written from it (run with
/// <c>SESSIONDSL_ACCEPT=1</c> to rewrite them; otherwise a stale file fails), and every entry has its page, headed by its
/// ID, title and severity. Roslyn's own release tracking reads only literal IDs, which the descriptors no longer have.
/// </summary>
public sealed class DiagnosticCatalogueFilesTests
{
    [Fact]
    public void The_readme_tables_are_the_catalogue()
    {
        string path = Path.Combine(RepoPaths.Root, "README.md");
        Check(path, text => DiagnosticCatalogueFiles.WithTables(text, DiagnosticCatalogueFiles.ReadmeTable));
    }

    [Fact]
    public void The_docs_index_is_the_catalogue()
    {
        string path = Path.Combine(RepoPaths.Root, "docs", "diagnostics", "README.md");
        Check(path, text => DiagnosticCatalogueFiles.WithTables(text, DiagnosticCatalogueFiles.IndexTable));
    }

    [Theory]
    [InlineData("SessionDsl.Generator", DiagnosticCatalog.DefinitionCategory)]
    [InlineData("SessionDsl.Analyzers", DiagnosticCatalog.UsageCategory)]
    public void The_release_tracking_files_are_the_catalogue(string project, string category)
    {
        string folder = Path.Combine(RepoPaths.Root, "generator", project);
        string shipped = File.ReadAllText(Path.Combine(folder, "AnalyzerReleases.Shipped.md")).Replace("\r\n", "\n");
        var kinds = (category == DiagnosticCatalog.UsageCategory ? DiagnosticCatalog.Usage : DiagnosticCatalog.All).ToList();

        // A shipped row may never change: it must still say what the catalogue says.
        foreach (string row in DiagnosticCatalogueFiles.ReleaseRows(shipped))
        {
            string id = row.Split(' ')[0];
            DiagnosticKind? kind = kinds.FirstOrDefault(k => k.Id == id);
            Assert.True(kind is not null, $"{id} shipped but is no longer in the catalogue: IDs are never removed");
            Assert.Equal(DiagnosticCatalogueFiles.ReleaseRow(kind!), row);
        }

        Check(Path.Combine(folder, "AnalyzerReleases.Unshipped.md"), _ => DiagnosticCatalogueFiles.Unshipped(kinds, shipped));
    }

    [Fact]
    public void Every_id_has_its_page_headed_by_its_title_and_severity()
    {
        foreach (DiagnosticKind kind in DiagnosticCatalog.Everything)
        {
            string page = Path.Combine(RepoPaths.Root, "docs", "diagnostics", kind.Id + ".md");
            Assert.True(File.Exists(page), $"docs/diagnostics/{kind.Id}.md is missing");
            string text = File.ReadAllText(page).Replace("\r\n", "\n");
            Assert.StartsWith($"# {kind.Id}: {kind.Title}\n\n**Severity:** {kind.Severity}", text, StringComparison.Ordinal);
            Assert.Contains("## Fix", text, StringComparison.Ordinal);
        }

        var pages = Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs", "diagnostics"), "SDSL*.md").Select(Path.GetFileNameWithoutExtension);
        Assert.Empty(pages.Except(DiagnosticCatalog.Everything.Select(k => k.Id)));
    }

    [Fact]
    public void The_msbuild_warning_says_what_the_catalogue_says()
    {
        string targets = File.ReadAllText(Path.Combine(RepoPaths.Root, "runtime", "SessionDsl.Runtime", "build", "SessionDsl.targets"));
        DiagnosticKind kind = DiagnosticCatalog.ItemNotNamedLifecycleYaml;

        Assert.Contains($"<Warning Code=\"{kind.Id}\"", targets, StringComparison.Ordinal);
        Assert.Contains($"Text=\"{string.Format(System.Globalization.CultureInfo.InvariantCulture, kind.MessageFormat, "%(SessionLifecycle.Identity)")}\"", targets, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catalogue_entry_missing_from_a_table_is_caught()
    {
        // The check above is only as good as the writer: a table written without one entry must differ.
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).Replace("\r\n", "\n");
        string written = DiagnosticCatalogueFiles.WithTables(readme, DiagnosticCatalogueFiles.ReadmeTable);
        string withoutOne = DiagnosticCatalogueFiles.WithTables(readme, kinds => DiagnosticCatalogueFiles.ReadmeTable(kinds.Where(k => k.Id != "SDSL0022").ToList()));

        Assert.NotEqual(written, withoutOne);
        Assert.Contains("| SDSL0022 | error | Too many countdowns", written, StringComparison.Ordinal);
    }

    private static void Check(string path, Func<string, string> write)
    {
        string text = File.ReadAllText(path).Replace("\r\n", "\n");
        string expected = write(text);
        if (expected == text)
        {
            return;
        }

        if (Snapshot.Accepting)
        {
            File.WriteAllText(path, expected);
            return;
        }

        Assert.Fail($"{path} does not list what DiagnosticCatalog says. Run the tests with SESSIONDSL_ACCEPT=1 to rewrite it.\n--- expected\n{expected}");
    }
}

/// <summary>How each file lists the catalogue.</summary>
internal static class DiagnosticCatalogueFiles
{
    /// <summary>Replaces what stands between each table's markers (definition, then usage diagnostics).</summary>
    public static string WithTables(string text, Func<IReadOnlyList<DiagnosticKind>, string> table)
    {
        foreach (var (name, kinds) in new[] { ("definition", Definition()), ("usage", DiagnosticCatalog.Usage) })
        {
            string begin = $"<!-- diagnostics:{name}:begin -->\n", end = $"<!-- diagnostics:{name}:end -->";
            int start = text.IndexOf(begin, StringComparison.Ordinal);
            int stop = text.IndexOf(end, StringComparison.Ordinal);
            Assert.True(start >= 0 && stop > start, $"markers {begin.Trim()} … {end} are missing");
            text = text[..(start + begin.Length)] + table(kinds) + text[stop..];
        }

        return text;
    }

    /// <summary>The README's table: ID, severity, and the title with what the README adds.</summary>
    public static string ReadmeTable(IReadOnlyList<DiagnosticKind> kinds)
    {
        var table = new StringBuilder("| ID | severity | title |\n|---|---|---|\n");
        foreach (DiagnosticKind kind in kinds)
        {
            string detail = kind.Detail is null ? "" : $" ({kind.Detail})";
            string fix = kind.CodeFix is null ? "" : $"; code fix: {kind.CodeFix}";
            table.Append($"| {kind.Id} | {kind.Severity.ToString().ToLowerInvariant()} | {kind.Title}{detail}{fix} |\n");
        }

        return table.ToString();
    }

    /// <summary>docs/diagnostics/README.md's table: each ID links to its page.</summary>
    public static string IndexTable(IReadOnlyList<DiagnosticKind> kinds)
    {
        var table = new StringBuilder("| ID | Title | Severity |\n|---|---|---|\n");
        foreach (DiagnosticKind kind in kinds)
        {
            table.Append($"| [{kind.Id}]({kind.Id}.md) | {kind.Title} | {kind.Severity} |\n");
        }

        return table.ToString();
    }

    public static string ReleaseRow(DiagnosticKind kind) => $"{kind.Id} | {kind.Category} | {kind.Severity} | {kind.Title}";

    /// <summary>The rows of a release-tracking file's tables.</summary>
    public static IEnumerable<string> ReleaseRows(string text) =>
        text.Split('\n').Where(line => line.StartsWith("SDSL", StringComparison.Ordinal)).Select(line => line.TrimEnd());

    /// <summary>The unshipped release: every entry of the category that no shipped release lists.</summary>
    public static string Unshipped(IEnumerable<DiagnosticKind> kinds, string shipped)
    {
        var shippedIds = ReleaseRows(shipped).Select(row => row.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        var text = new StringBuilder(
            "; Unshipped analyzer release\n" +
            "; https://github.com/dotnet/roslyn-analyzers/blob/main/src/Microsoft.CodeAnalysis.Analyzers/ReleaseTrackingAnalyzers.Help.md\n" +
            "; Written from SessionDsl.Language's DiagnosticCatalog by DiagnosticCatalogueFilesTests (SESSIONDSL_ACCEPT=1).\n\n" +
            "### New Rules\n\nRule ID | Category | Severity | Notes\n--------|----------|----------|-------\n");
        foreach (DiagnosticKind kind in kinds.Where(k => !shippedIds.Contains(k.Id)).OrderBy(k => k.Id, StringComparer.Ordinal))
        {
            text.Append(ReleaseRow(kind)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The definition diagnostics and MSBuild's, in ID order.</summary>
    private static IReadOnlyList<DiagnosticKind> Definition() =>
        DiagnosticCatalog.Everything.Where(k => k.Category == DiagnosticCatalog.DefinitionCategory).ToList();
}
