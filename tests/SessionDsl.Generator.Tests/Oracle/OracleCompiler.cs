using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace SessionDsl.Generator.Tests.Oracle;

/// <summary>A definition that went through the generator and the compiler, and what became of it.</summary>
internal sealed record CompiledDefinition(DefinitionSpec Spec, string Yaml)
{
    /// <summary>Error diagnostics the generator gave the definition: it was refused.</summary>
    public List<string> Refusals { get; } = new();

    /// <summary>Warnings and infos the generator gave it (SDSL0041, SDSL0043, SDSL0044, SDSL0045).</summary>
    public List<string> Notes { get; } = new();

    /// <summary>Compiler diagnostics in its generated code: accepted, but it does not compile.</summary>
    public List<string> CompileErrors { get; } = new();

    public ILifecycleProbe? Probe { get; set; }

    /// <summary>The probe could not be made (a type missing, a description that throws).</summary>
    public string? LoadError { get; set; }
}

/// <summary>
/// Runs the generator over definitions a batch at a time (each in its own namespace, so one compilation holds them
/// all), compiles the generated code with <see cref="GeneratedCompilation"/>, takes out the definitions whose code
/// does not compile and loads the rest into one collectible <see cref="AssemblyLoadContext"/>.
/// </summary>
internal sealed partial class OracleCompiler : IDisposable
{
    private readonly AssemblyLoadContext _context = new("oracle", isCollectible: true);

    public TimeSpan GeneratorTime { get; private set; }

    public TimeSpan CompileTime { get; private set; }

    public List<CompiledDefinition> Compile(IReadOnlyList<DefinitionSpec> specs, int batchSize)
    {
        var all = specs.Select(s => new CompiledDefinition(s, DefinitionYaml.Write(s))).ToList();
        var results = new ConcurrentBag<(int Batch, TimeSpan Generate, TimeSpan Compile)>();
        // Two batches at a time: the generator runs on one thread, so overlapping it with another batch's compile
        // keeps both cores busy.
        var batches = all.Chunk(batchSize).Select((b, i) => (Batch: b, Index: i)).ToList();
        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = 2 }, item =>
        {
            var (generate, compile) = CompileBatch(item.Batch, item.Index);
            results.Add((item.Index, generate, compile));
        });

        GeneratorTime = TimeSpan.FromTicks(results.Sum(r => r.Generate.Ticks));
        CompileTime = TimeSpan.FromTicks(results.Sum(r => r.Compile.Ticks));
        return all;
    }

    [GeneratedRegex(@"^Oracle\.G(\d{5})\.")]
    private static partial Regex HintId();

    private (TimeSpan Generate, TimeSpan Compile) CompileBatch(CompiledDefinition[] batch, int index)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var byId = batch.ToDictionary(d => d.Spec.Id);
        var files = batch.Select(d => (AdditionalText)new InMemoryText(d.Spec.FileName, d.Yaml)).ToArray();
        // Release: smaller IL, a faster emit and faster runs; one thread per compilation, two compilations at a time.
        CSharpCompilation consumer = GeneratedCompilation.Consumer($"OracleBatch{index}")
            .WithOptions(GeneratedCompilation.Options.WithOptimizationLevel(OptimizationLevel.Release).WithConcurrentBuild(false));
        GeneratorDriver driver = GeneratorHarness.Driver(files).RunGeneratorsAndUpdateCompilation(consumer, out Compilation output, out _);
        GeneratorDriverRunResult run = driver.GetRunResult();
        if (run.Results.Single().Exception is { } exception)
        {
            foreach (CompiledDefinition d in batch)
            {
                d.Refusals.Add($"the generator threw {exception}");
            }

            return (watch.Elapsed, TimeSpan.Zero);
        }

        var byPath = batch.ToDictionary(d => d.Spec.FileName, StringComparer.Ordinal);
        foreach (Diagnostic diagnostic in run.Diagnostics)
        {
            string path = diagnostic.Location.GetLineSpan().Path;
            if (!byPath.TryGetValue(path, out CompiledDefinition? owner))
            {
                foreach (CompiledDefinition d in batch)
                {
                    d.Refusals.Add("(batch) " + diagnostic);
                }

                continue;
            }

            // The consumer's options make every warning an error; a definition is refused only by the generator's own errors.
            (diagnostic.DefaultSeverity == DiagnosticSeverity.Error ? owner.Refusals : owner.Notes).Add(diagnostic.ToString());
        }

        TimeSpan generate = watch.Elapsed;
        watch.Restart();

        // Every problem the compiler finds is pinned on the definition whose generated file holds it.
        using var image = new MemoryStream();
        EmitResult emitted = output.Emit(image);
        var failing = new HashSet<int>();
        if (!emitted.Success)
        {
            foreach (Diagnostic diagnostic in emitted.Diagnostics.Where(GeneratedCompilation.IsProblem))
            {
                SyntaxTree? tree = diagnostic.Location.SourceTree;
                Match match = HintId().Match(Path.GetFileName(tree?.FilePath ?? string.Empty));
                if (GeneratedCompilation.IsGenerated(tree) && match.Success && byId.TryGetValue(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), out CompiledDefinition? owner))
                {
                    owner.CompileErrors.Add(Describe(diagnostic));
                    failing.Add(owner.Spec.Id);
                }
                else
                {
                    foreach (CompiledDefinition d in batch)
                    {
                        d.CompileErrors.Add("(outside the generated files) " + Describe(diagnostic));
                        failing.Add(d.Spec.Id);
                    }
                }
            }

            var remove = output.SyntaxTrees.Where(t => HintId().Match(Path.GetFileName(t.FilePath)) is { Success: true } m && failing.Contains(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            output = output.RemoveSyntaxTrees(remove);
            image.SetLength(0);
            emitted = output.Emit(image);
            if (!emitted.Success)
            {
                foreach (CompiledDefinition d in batch.Where(d => !failing.Contains(d.Spec.Id)))
                {
                    d.CompileErrors.Add("(the batch still failed without the failing definitions) " + string.Join("; ", emitted.Diagnostics.Where(GeneratedCompilation.IsProblem).Take(5).Select(Describe)));
                }

                return (generate, watch.Elapsed);
            }
        }

        image.Position = 0;
        Assembly assembly;
        lock (_context)
        {
            assembly = _context.LoadFromStream(image);
        }

        TimeSpan compile = watch.Elapsed;
        foreach (CompiledDefinition d in batch.Where(d => d.Refusals.Count == 0 && d.CompileErrors.Count == 0))
        {
            try
            {
                Type type = assembly.GetType(d.Spec.TypeName) ?? throw new InvalidOperationException($"no type {d.Spec.TypeName} in the compiled batch");
                d.Probe = LifecycleProbe.For(type);
            }
            catch (Exception ex)
            {
                d.LoadError = (ex is TargetInvocationException { InnerException: { } inner } ? inner : ex).ToString();
            }
        }

        return (generate, compile);
    }

    /// <summary>A diagnostic with the generated line it points at, so a report shows the offending code.</summary>
    public static string Describe(Diagnostic diagnostic)
    {
        string text = diagnostic.ToString();
        if (diagnostic.Location.SourceTree is { } tree)
        {
            int line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
            var lines = tree.GetText().Lines;
            if (line < lines.Count)
            {
                text += "\n        | " + lines[line].ToString().Trim();
            }
        }

        return text;
    }

    public void Dispose() => _context.Unload();
}
