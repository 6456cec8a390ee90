using Microsoft.CodeAnalysis;
using Xunit;

namespace SessionDsl.Analyzers.Tests;

/// <summary>Every C# diagnostic has its page, its rows in both tables, its release entry and its help link.</summary>
public sealed class DocumentationTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> Ids() => new(new LifecycleUsageAnalyzer().SupportedDiagnostics.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_diagnostic_has_a_page_table_rows_a_release_entry_and_a_help_link(string id)
    {
        DiagnosticDescriptor descriptor = new LifecycleUsageAnalyzer().SupportedDiagnostics.Single(d => d.Id == id);
        string severity = descriptor.DefaultSeverity.ToString();

        Assert.Equal($"https://github.com/sessiondsl/sessiondsl/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        string page = File.ReadAllText(Path.Combine(Root, "docs", "diagnostics", id + ".md"));
        Assert.StartsWith($"# {id}: {descriptor.Title}\n\n**Severity:** {severity}.", page.Replace("\r\n", "\n"), StringComparison.Ordinal);
        Assert.Contains("## Fix", page, StringComparison.Ordinal);

        string docsTable = File.ReadAllText(Path.Combine(Root, "docs", "diagnostics", "README.md"));
        Assert.Contains($"| [{id}]({id}.md) | {descriptor.Title} | {severity} |", docsTable, StringComparison.Ordinal);

        string readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.Contains($"| {id} | {severity.ToLowerInvariant()} | {descriptor.Title}", readme, StringComparison.Ordinal);

        string releases = File.ReadAllText(Path.Combine(Root, "generator", "SessionDsl.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains($"{id} | {descriptor.Category} | {severity} | {descriptor.Title}", releases, StringComparison.Ordinal);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SessionDsl.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SessionDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
