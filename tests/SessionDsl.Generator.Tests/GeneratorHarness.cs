using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SessionDsl.Generator.Tests;

/// <summary>Runs <see cref="LifecycleGenerator"/> in-process over in-memory definitions and C# sources.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return tpa.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(SessionState<>).Assembly.Location))
            .ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>The framework and the runtime, as every compilation here references them.</summary>
    public static ImmutableArray<MetadataReference> MetadataReferences => References.Value;

    public static CSharpCompilation Compilation(params string[] sources) => CSharpCompilation.Create(
        "Consumer",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> files, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new LifecycleGenerator().AsSourceGenerator() },
            files,
            ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static Run RunOn(params (string Path, string Text)[] files) => RunOn(files.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)).ToArray());

    public static Run RunOn(AdditionalText[] files, params string[] csharp)
    {
        CSharpCompilation compilation = Compilation(csharp);
        GeneratorDriver driver = Driver(files).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var generatorDiagnostics);
        return new Run(driver.GetRunResult(), output, generatorDiagnostics);
    }

    public static IEnumerable<(string Path, string Text)> ShippedDefinitions() =>
        RepoPaths.DefinitionFiles.Select(p => (p, File.ReadAllText(p)));

    internal sealed record Run(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
    {
        public IReadOnlyList<Diagnostic> Diagnostics => Result.Diagnostics;

        public IReadOnlyList<GeneratedSourceResult> Sources => Result.Results.Single().GeneratedSources;

        public string Source(string hintName) => Sources.Single(s => s.HintName == hintName).SourceText.ToString();

        /// <summary>Errors and warnings of the consumer's compilation with the generated code in it.</summary>
        public IReadOnlyList<Diagnostic> CompilationProblems => Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
    }
}

internal sealed class InMemoryText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text, System.Text.Encoding.UTF8);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
