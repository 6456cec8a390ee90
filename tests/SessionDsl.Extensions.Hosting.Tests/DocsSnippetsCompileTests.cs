using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using SessionDsl.Tests.Shared;

namespace SessionDsl.Extensions.Hosting.Tests;

/// <summary>
/// Every <c>```csharp</c> block of README.md and docs/*.md compiles: each is compiled with Roslyn as top-level
/// statements against the runtime, the SQLite store, the hosting package and the four messaging lifecycles (generated
/// into this assembly), and fails the test on any compiler error.
/// </summary>
/// <remarks>
/// A block may say, in an HTML comment on the line before it, what it takes as given: <c>&lt;!-- snippet: given
/// builder, store --&gt;</c> declares those names from <see cref="Givens"/> before the block. A block that is not C# to
/// compile says so with <c>&lt;!-- snippet: excerpt --&gt;</c> and names the test that checks it instead; the test
/// fails if an excerpt names none.
/// </remarks>
public partial class DocsSnippetsCompileTests
{
    /// <summary>What a block may take as given, by name.</summary>
    private static readonly Dictionary<string, string> Givens = new(StringComparer.Ordinal)
    {
        ["builder"] = "var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();",
        ["store"] = "ISessionStore store = new InMemorySessionStore();",
        ["batch"] = "StoreBatch batch = default!;",
    };

    private static readonly string[] Usings =
    [
        "System", "System.Collections.Generic", "System.Linq", "System.Threading", "System.Threading.Tasks",
        "SessionDsl", "SessionDsl.Hosting", "SessionDsl.Hosting.Storage", "SessionDsl.Messaging", "SessionDsl.Sqlite",
        "SessionDsl.Extensions.Hosting", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Time.Testing", "Xunit",
    ];

    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    public static TheoryData<string> Snippets()
    {
        var data = new TheoryData<string>();
        foreach (Snippet snippet in FindSnippets())
        {
            data.Add(snippet.Id);
        }

        return data;
    }

    [Fact]
    public void The_pages_have_csharp_blocks_and_every_excerpt_names_its_check()
    {
        List<Snippet> snippets = FindSnippets();
        Assert.True(snippets.Count >= 8, $"only {snippets.Count} C# blocks found");
        Assert.All(snippets.Where(s => s.Excerpt), s => Assert.Matches("checked by [A-Za-z]+Tests", s.Marker));
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void The_csharp_block_compiles(string id)
    {
        Snippet snippet = FindSnippets().Single(s => s.Id == id);
        if (snippet.Excerpt)
        {
            return; // checked against the generated code by the test its marker names
        }

        string source = Program(snippet);
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.True(errors.Count == 0, $"{snippet.Id} does not compile:\n{string.Join('\n', errors)}\n\n{source}");
    }

    /// <summary>A compiled program: the usings, the block's own usings, its givens, then the block.</summary>
    private static string Program(Snippet snippet)
    {
        var usings = new StringBuilder();
        var body = new StringBuilder();
        foreach (string u in Usings)
        {
            usings.Append("using ").Append(u).Append(";\n");
        }

        foreach (string line in snippet.Code.Split('\n'))
        {
            if (UsingDirective().IsMatch(line))
            {
                usings.Append(line).Append('\n');
            }
            else
            {
                body.Append(line).Append('\n');
            }
        }

        foreach (string name in snippet.Given)
        {
            Assert.True(Givens.TryGetValue(name, out string? given), $"{snippet.Id} takes '{name}' as given, which the test does not know");
            usings.Append(given).Append('\n');
        }

        return "#pragma warning disable\n" + usings + body;
    }

    private static List<Snippet> FindSnippets()
    {
        string root = RepoRoot.Path;
        var files = new[] { Path.Combine(root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").OrderBy(f => f, StringComparer.Ordinal));
        var snippets = new List<Snippet>();
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```csharp")
                {
                    continue;
                }

                int end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                string marker = i > 0 && lines[i - 1].TrimStart().StartsWith("<!-- snippet:", StringComparison.Ordinal) ? lines[i - 1].Trim() : string.Empty;
                Match given = GivenMarker().Match(marker);
                snippets.Add(new Snippet(
                    $"{Path.GetRelativePath(root, file).Replace('\\', '/')}:{i + 1}",
                    string.Join('\n', lines[(i + 1)..end]),
                    marker.Contains("snippet: excerpt", StringComparison.Ordinal),
                    given.Success ? given.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [],
                    marker));
                i = end;
            }
        }

        return snippets;
    }

    private static MetadataReference[] LoadReferences()
    {
        // The framework, everything this test loads (runtime, SQLite store, hosting package, ASP.NET Core), and this
        // assembly, which holds the generated messaging lifecycles.
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToHashSet(StringComparer.Ordinal);
        foreach (string dll in Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
        {
            paths.Add(dll);
        }

        paths.Add(Assembly.GetExecutingAssembly().Location);
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in paths)
        {
            byName.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        return byName.Values.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    }

    [GeneratedRegex(@"^using [A-Za-z][A-Za-z0-9_.]*;\s*$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"given ([A-Za-z0-9_, ]+)")]
    private static partial Regex GivenMarker();

    private sealed record Snippet(string Id, string Code, bool Excerpt, IReadOnlyList<string> Given, string Marker);
}
