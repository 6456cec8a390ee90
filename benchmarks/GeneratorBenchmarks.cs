using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using SessionDsl.Generator;

namespace SessionDsl.Benchmarks;

/// <summary>
/// What the generator costs a build: the four default definitions, a large synthetic one, and the cached re-run; and
/// what the largest table the checks accept (SDSL0025: 65,536 cells) costs to generate and compile, against the four
/// default definitions generated and compiled in the same way.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private AdditionalText[] _defaults = null!;
    private AdditionalText[] _synthetic = null!;
    private AdditionalText[] _largest = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _consumer = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;
    private bool _toggle;

    [GlobalSetup]
    public void Setup()
    {
        string definitions = Path.Combine(FindRepoRoot(), "definitions");
        _defaults = Directory.GetFiles(definitions, "*.lifecycle.yaml").Order(StringComparer.Ordinal)
            .Select(p => (AdditionalText)new Text(p, File.ReadAllText(p))).ToArray();
        _synthetic = new AdditionalText[] { new Text("synthetic.lifecycle.yaml", Synthetic(states: 256, events: 64)) };
        _compilation = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("class Handler { }") });
        _edited = _compilation.ReplaceSyntaxTree(_compilation.SyntaxTrees[0], CSharpSyntaxTree.ParseText("class Handler { int count; }"));
        _warm = Driver(_defaults).RunGenerators(_compilation);
        _largest = new AdditionalText[] { new Text("largest.lifecycle.yaml", Synthetic(states: 256, events: 256, guarded: false)) };
        _consumer = Consumer();

        long largestSource = GeneratedCharacters(_largest);
        if (!FourDefaultDefinitionsCompiled() || !LargestTableAcceptedCompiled())
        {
            throw new InvalidOperationException("The generated code did not compile.");
        }

        Console.WriteLine($"// Largest table accepted: {largestSource:N0} characters of generated C#; the four defaults: {GeneratedCharacters(_defaults):N0}");

        int generated = FourDefaultDefinitions();
        int synthetic = Synthetic256States64Events();
        if (generated != 8 || synthetic != 4)
        {
            throw new InvalidOperationException($"Expected 8 and 4 generated files, got {generated} and {synthetic}: {string.Join("; ", Driver(_synthetic).RunGenerators(_compilation).GetRunResult().Diagnostics)}");
        }
    }

    [Benchmark(Description = "Four default definitions, first run")]
    public int FourDefaultDefinitions() => Driver(_defaults).RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "Synthetic 256 states x 64 events, first run")]
    public int Synthetic256States64Events() => Driver(_synthetic).RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "Four definitions, re-run after an unrelated C# edit")]
    public int CachedRerunAfterUnrelatedEdit()
    {
        _toggle = !_toggle;
        _warm = _warm.RunGenerators(_toggle ? _edited : _compilation);
        return _warm.GetRunResult().GeneratedTrees.Length;
    }

    [Benchmark(Description = "Four default definitions, generated and compiled")]
    public bool FourDefaultDefinitionsCompiled() => GenerateAndCompile(_defaults);

    [Benchmark(Description = "Largest table accepted (256 states x 256 events = 65,536 cells), generated and compiled")]
    public bool LargestTableAcceptedCompiled() => GenerateAndCompile(_largest);

    /// <summary>What a build does with a definition: run the generator, then compile and emit the consumer with its output.</summary>
    private bool GenerateAndCompile(AdditionalText[] files)
    {
        Driver(files).RunGeneratorsAndUpdateCompilation(_consumer, out Compilation output, out var problems);
        using var image = new MemoryStream();
        return problems.IsEmpty && output.Emit(image).Success;
    }

    private long GeneratedCharacters(AdditionalText[] files) =>
        Driver(files).RunGenerators(_compilation).GetRunResult().GeneratedTrees.Sum(t => (long)t.Length);

    /// <summary>A library referencing the framework and the runtime, compiled as a consumer's project is (nullable, optimized).</summary>
    private static CSharpCompilation Consumer()
    {
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var references = tpa.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(SessionState<>).Assembly.Location));
        return CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText("class Handler { }") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static GeneratorDriver Driver(AdditionalText[] files) =>
        CSharpGeneratorDriver.Create(new[] { new LifecycleGenerator().AsSourceGenerator() }, files);

    /// <summary>A chain of states, each with a handful of transitions (some guarded, unless told not) and a timer every eighth state.</summary>
    internal static string Synthetic(int states, int events, bool guarded = true)
    {
        var yaml = new StringBuilder();
        yaml.Append("lifecycle: Synthetic\nnamespace: Bench\nstatusType: SyntheticState\neventType: SyntheticEvent\n");
        yaml.Append("options:\n  fast: { type: bool }\n  lane: { type: enum, values: [A, B, C] }\n");
        yaml.Append("states:\n");
        for (int s = 0; s < states; s++)
        {
            yaml.Append("  S").Append(s).Append(s == 0 ? ": { initial: true }\n" : s == states - 1 ? ": { final: true }\n" : ": State.\n");
        }

        yaml.Append("events:\n");
        for (int e = 0; e < events; e++)
        {
            yaml.Append("  E").Append(e).Append(": Event.\n");
        }

        yaml.Append("transitions:\n");
        for (int s = 0; s < states - 1; s++)
        {
            for (int k = 0; k < 6; k++)
            {
                int e = ((s * 7) + (k * 11)) % events;
                int to = Math.Min(states - 1, s + 1 + k);
                string guard = !guarded ? string.Empty : k == 1 ? ", when: fast" : k == 2 ? ", when: lane != C and not fast" : string.Empty;
                yaml.Append("  - { from: S").Append(s).Append(", on: E").Append(e).Append(", to: S").Append(to).Append(guard).Append(", because: synthetic }\n");
            }
        }

        yaml.Append("timers:\n");
        for (int s = 0; s < states - 1; s += 8)
        {
            yaml.Append("  - { name: T").Append(s).Append(", in: S").Append(s).Append(", after: 1h, to: S").Append(s + 1).Append(", because: synthetic }\n");
        }

        return yaml.ToString();
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SessionDsl.sln")))
        {
            dir = dir.Parent;
        }

        // BenchmarkDotNet runs each benchmark from a generated project under bin/; fall back to the working directory.
        dir ??= new DirectoryInfo(Directory.GetCurrentDirectory());
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SessionDsl.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmarks from inside the SessionDsl repository.");
    }

    private sealed class Text : AdditionalText
    {
        private readonly SourceText _text;

        public Text(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text, Encoding.UTF8);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
