using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using SessionDsl.Analyzers;
using SessionDsl.Generator;

namespace SessionDsl.Analyzers.Tests;

/// <summary>
/// One analyzer (and code fix) test: the snippet, the lifecycle definition as an additional file, the code the
/// generator makes from it as sources, and the runtime as a reference.
/// </summary>
internal sealed class LifecycleTest<TCodeFix> : CSharpCodeFixTest<LifecycleUsageAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    // The SDK's own reference pack for the framework these tests run on: no package download, which this build cannot do.
    private static readonly ReferenceAssemblies Framework = new("net10.0");

    private static readonly MetadataReference[] FrameworkReferences = FindFrameworkReferences();

    public LifecycleTest(string source, string? fixedSource = null, params string[] definitions)
    {
        if (definitions.Length == 0)
        {
            definitions = new[] { Definitions.Ticket };
        }

        var files = definitions.Select((text, i) => ($"/0/lifecycle{i}.lifecycle.yaml", text)).ToList();
        ReferenceAssemblies = Framework;
        TestCode = source;
        TestState.AdditionalReferences.AddRange(FrameworkReferences);
        TestState.AdditionalFiles.AddRange(files.Select(f => (f.Item1, SourceText.From(f.text))));
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(SessionState<>).Assembly.Location));
        IReadOnlyList<(string, string)> generated = Generated(files);
        foreach ((string name, string text) in generated)
        {
            TestState.Sources.Add((name, text));
        }

        if (fixedSource is not null)
        {
            FixedCode = fixedSource;
            foreach ((string name, string text) in generated)
            {
                FixedState.Sources.Add((name, text));
            }
        }
    }

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, Array.Empty<string>(), expected);

    public static Task VerifyAsync(string source, string[] definitions, params DiagnosticResult[] expected)
    {
        var test = new LifecycleTest<TCodeFix>(source, null, definitions);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static MetadataReference[] FindFrameworkReferences()
    {
        // .../dotnet/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll -> .../dotnet/packs/Microsoft.NETCore.App.Ref/<version>/ref/net<major>.<minor>
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        string packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        string tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        string refDirectory = Directory.GetDirectories(packs)
            .Select(d => Path.Combine(d, "ref", tfm))
            .Where(Directory.Exists)
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault() ?? throw new InvalidOperationException($"No {tfm} reference pack under {packs}");
        return Directory.GetFiles(refDirectory, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToArray();
    }

    /// <summary>Runs the real generator over the definition: what a consumer's compilation would contain.</summary>
    private static IReadOnlyList<(string Name, string Text)> Generated(IReadOnlyList<(string Path, string Text)> definitions)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Generated",
            references: new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new LifecycleGenerator().AsSourceGenerator() },
            definitions.Select(d => (AdditionalText)new InMemoryText(d.Path, d.Text)).ToImmutableArray());
        GeneratorDriverRunResult result = driver.RunGenerators(compilation).GetRunResult();
        if (result.Diagnostics.Length != 0)
        {
            throw new InvalidOperationException("The test definition has errors: " + string.Join("; ", result.Diagnostics));
        }

        return result.GeneratedTrees.Select(t => ("/0/" + Path.GetFileName(t.FilePath), t.GetText().ToString())).ToList();
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}

/// <summary>The lifecycles the tests use: a support ticket, with one guard and one timer, and a chat that shares its types.</summary>
internal static class Definitions
{
    public const string Chat = """
        lifecycle: Chat
        namespace: Demo
        description: A chat that shares the ticket's statuses and events.
        statusType:
          name: TicketStatus
          members: [Open, Active, Archived, Closed]
        eventType:
          name: TicketEvent
          members: [Assign, Reply, Close]
        states:
          Open: { initial: true, description: Started. }
          Archived: Kept for later.
          Closed: { final: true, description: Done. }
        events:
          Assign: Archive it.
          Close: Close it.
        transitions:
          - from: Open
            on: Assign
            to: Archived
            because: Chats are archived, not worked on.
          - from: [Open, Archived]
            on: Close
            to: Closed
            because: Any chat can be closed.
        """;

    public const string Ticket = """
        lifecycle: Ticket
        namespace: Demo
        description: A support ticket.
        statusType:
          name: TicketStatus
          members: [Open, Active, Archived, Closed]
        eventType: TicketEvent
        options:
          priority:
            type: enum
            values: [Low, High]
        states:
          Open: { initial: true, description: Waiting for an agent. }
          Active: Being worked on.
          Closed: { final: true, description: Done. }
        events:
          Assign: An agent takes the ticket.
          Reply: The agent replies.
          Close: The agent closes it.
        transitions:
          - from: Open
            on: Assign
            to: Active
            when: priority == High
            because: High-priority tickets are assigned at once.
          - from: Active
            on: Reply
            to: Active
            because: Replies keep the ticket active.
          - from: [Open, Active]
            on: Close
            to: Closed
            because: Any open ticket can be closed.
        timers:
          - name: AutoClose
            in: Active
            after: 2h
            to: Closed
            because: Idle tickets close themselves.
        """;
}
