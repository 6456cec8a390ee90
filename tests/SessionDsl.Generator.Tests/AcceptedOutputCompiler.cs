using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SessionDsl.Generator.Tests;

/// <summary>What the generator made of one accepted input: its generated files.</summary>
internal sealed record AcceptedInput(string Name, string FileName, string Text, IReadOnlyList<(string HintName, string Source)> Sources);

/// <summary>An accepted input whose generated code the compiler rejects, with the diagnostics in its generated files.</summary>
internal sealed record CompileFailure(AcceptedInput Input, IReadOnlyList<Diagnostic> Diagnostics, int SameOutput);

/// <summary>What <see cref="AcceptedOutputCompiler.Finish"/> found and how much work it took.</summary>
internal sealed record CompileReport(List<CompileFailure> Failures, int Distinct, int Compiled, int ByShape, int Sampled, List<string> ShapeMisses);

/// <summary>
/// Compiles the generated code of many accepted inputs with <see cref="GeneratedCompilation"/>, on a second thread
/// while the caller goes on generating.
/// <list type="bullet">
/// <item>Inputs whose generated files are identical are compiled once.</item>
/// <item>
/// Outputs that differ only in what cannot change a semantic diagnostic, the text of line comments and of string
/// literals outside <c>case</c> labels, share a <em>shape</em>: one of them is compiled, and each other is parsed, so
/// that everything that text can break (a literal or a comment ended early) shows as a parse diagnostic. Every 25th
/// such output is compiled as well, and the test fails if one ever disagrees with its shape.
/// <c>SESSIONDSL_FUZZ_COMPILE_EVERY_OUTPUT=1</c> compiles every distinct output instead.
/// </item>
/// <item>
/// Compiled outputs go in batches: each input's files get their own outer namespace (<c>namespace X</c> becomes
/// <c>namespace __Input17.X</c>), so that mutants of one definition, which declare the same types, share a
/// compilation. Generated code names runtime and framework types with <c>global::</c>, so the outer namespace changes
/// no lookup, with two exceptions handled here: an output that declares types in a namespace the references also
/// have (its types could clash with theirs only unwrapped) is compiled alone, as is; and outputs a batch finds fault
/// with are compiled again alone, as is: the first three with each set of diagnostic IDs, and all of that set if one
/// of the three then compiles or fails otherwise.
/// </item>
/// </list>
/// </summary>
internal sealed partial class AcceptedOutputCompiler
{
    // Large batches, one thread each: a compilation's fixed cost is shared.
    private const int BatchSize = 150;
    private const int SampleEvery = 25;

    private static readonly Lazy<HashSet<string>> ReferenceNamespaces = new(FindReferenceNamespaces);

    private readonly bool _compileEveryOutput = Environment.GetEnvironmentVariable("SESSIONDSL_FUZZ_COMPILE_EVERY_OUTPUT") is { Length: > 0 } v && v != "0";
    private readonly Dictionary<string, Output> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Shape> _shapes = new(StringComparer.Ordinal);
    private readonly BlockingCollection<Output> _queue = new();
    private readonly ConcurrentBag<Output> _alone = new();
    private readonly ConcurrentDictionary<Output, List<Diagnostic>> _suspects = new();
    private readonly Task _worker;
    private int _compiled;
    private int _sampled;
    private int _followers;

    public AcceptedOutputCompiler() => _worker = Task.Factory.StartNew(() => CompileQueued(_queue), TaskCreationOptions.LongRunning);

    public int Accepted { get; private set; }

    [GeneratedRegex(@"^namespace (\S+)$", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    public void Add(AcceptedInput input)
    {
        Accepted++;
        string key = Hash(input.Sources.OrderBy(s => s.HintName, StringComparer.Ordinal).SelectMany(s => new[] { s.HintName, s.Source }));
        if (_outputs.TryGetValue(key, out Output? known))
        {
            known.Inputs.Add(input);
            return;
        }

        var output = new Output(input);
        _outputs[key] = output;
        var trees = input.Sources.OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => CSharpSyntaxTree.ParseText(s.Source, GeneratorHarness.ParseOptions, path: s.HintName, encoding: Encoding.UTF8))
            .ToList();
        var broken = trees.SelectMany(t => t.GetDiagnostics()).Where(GeneratedCompilation.IsProblem).ToList();
        if (broken.Count > 0)
        {
            _suspects[output] = broken;
        }
        else if (Namespaces(input).Any(ReferenceNamespaces.Value.Contains))
        {
            _alone.Add(output);
        }
        else if (_compileEveryOutput)
        {
            _queue.Add(output);
        }
        else
        {
            string shapeKey = Hash(trees.SelectMany(t => new[] { Path.GetFileName(t.FilePath), ShapeOf(t) }));
            if (!_shapes.TryGetValue(shapeKey, out Shape? shape))
            {
                _shapes[shapeKey] = new Shape(output);
                _queue.Add(output);
            }
            else
            {
                shape.Followers.Add(output);
                if (++_followers % SampleEvery == 0)
                {
                    output.Sampled = true;
                    _queue.Add(output);
                }
            }
        }
    }

    /// <summary>Compiles what is left (on this thread too), the followers of shapes that did not compile, then every suspect alone.</summary>
    public CompileReport Finish()
    {
        _queue.CompleteAdding();
        CompileQueued(_queue);
        _worker.Wait();

        // A shape whose compiled output failed proves nothing for the others: compile them all.
        var unproven = _shapes.Values.Where(s => _suspects.ContainsKey(s.Representative)).SelectMany(s => s.Followers).Where(f => !f.Sampled).ToList();
        Parallel.ForEach(unproven.Chunk(BatchSize), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, CompileBatch);

        var misses = _shapes.Values
            .Where(s => !_suspects.ContainsKey(s.Representative))
            .SelectMany(s => s.Followers.Where(f => f.Sampled && _suspects.ContainsKey(f)).Select(f => $"{f.Inputs[0].Name} failed although {s.Representative.Inputs[0].Name}, of the same shape, compiled"))
            .ToList();

        var failures = new ConcurrentBag<CompileFailure>();
        var bySignature = _suspects.GroupBy(s => Signature(s.Value)).ToList();
        var confirm = _alone.Concat(bySignature.SelectMany(g => g.Take(3).Select(s => s.Key))).ToList();
        var unconfirmed = new ConcurrentDictionary<string, bool>();
        Parallel.ForEach(confirm, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, output =>
        {
            var problems = CompileAlone(output.Inputs[0]);
            if (problems.Count > 0)
            {
                failures.Add(new CompileFailure(output.Inputs[0], problems, output.Inputs.Count));
            }

            if (_suspects.TryGetValue(output, out List<Diagnostic>? found) && Signature(problems) != Signature(found))
            {
                unconfirmed[Signature(found)] = true;
            }
        });

        // Sets of IDs whose first three failed alone as in the batch are taken as found for the rest; a set where one
        // did not is checked output by output.
        foreach (var set in bySignature)
        {
            var rest = set.Skip(3).ToList();
            if (unconfirmed.ContainsKey(set.Key))
            {
                Parallel.ForEach(rest, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, suspect =>
                {
                    var problems = CompileAlone(suspect.Key.Inputs[0]);
                    if (problems.Count > 0)
                    {
                        failures.Add(new CompileFailure(suspect.Key.Inputs[0], problems, suspect.Key.Inputs.Count));
                    }
                });
            }
            else
            {
                foreach (var suspect in rest)
                {
                    failures.Add(new CompileFailure(suspect.Key.Inputs[0], suspect.Value, suspect.Key.Inputs.Count));
                }
            }
        }

        int byShape = _shapes.Values.Where(s => !_suspects.ContainsKey(s.Representative)).Sum(s => s.Followers.Count(f => !f.Sampled));
        return new CompileReport(failures.OrderBy(f => f.Input.Name, StringComparer.Ordinal).ToList(), _outputs.Count, _compiled + confirm.Count, byShape, _sampled, misses);
    }

    private static string Signature(IEnumerable<Diagnostic> diagnostics) => string.Join(",", diagnostics.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal));

    private static List<Diagnostic> CompileAlone(AcceptedInput input)
    {
        var trees = input.Sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, GeneratorHarness.ParseOptions, path: s.HintName, encoding: Encoding.UTF8));
        CSharpCompilation compilation = GeneratedCompilation.Consumer("FuzzInput").AddSyntaxTrees(trees);
        return compilation.GetDiagnostics().Where(GeneratedCompilation.IsProblem).ToList();
    }

    private void CompileQueued(BlockingCollection<Output> queue)
    {
        var batch = new List<Output>(BatchSize);
        foreach (Output output in queue.GetConsumingEnumerable())
        {
            batch.Add(output);
            if (batch.Count == BatchSize)
            {
                CompileBatch(batch.ToArray());
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            CompileBatch(batch.ToArray());
        }
    }

    private void CompileBatch(Output[] batch)
    {
        Interlocked.Add(ref _compiled, batch.Length);
        Interlocked.Add(ref _sampled, batch.Count(o => o.Sampled));
        var trees = new List<SyntaxTree>();
        var owner = new Dictionary<SyntaxTree, Output>();
        for (int i = 0; i < batch.Length; i++)
        {
            foreach (var (hint, source) in batch[i].Inputs[0].Sources)
            {
                string wrapped = NamespaceLine().Replace(source, m => $"namespace __Input{i}.{m.Groups[1].Value}", 1);
                SyntaxTree tree = CSharpSyntaxTree.ParseText(wrapped, GeneratorHarness.ParseOptions, path: $"__Input{i}/{hint}", encoding: Encoding.UTF8);
                trees.Add(tree);
                owner[tree] = batch[i];
            }
        }

        CSharpCompilation compilation = GeneratedCompilation.Consumer("FuzzBatch")
            .WithOptions(GeneratedCompilation.Options.WithConcurrentBuild(false))
            .AddSyntaxTrees(trees);
        var problems = compilation.GetDiagnostics().Where(GeneratedCompilation.IsProblem).ToList();
        if (problems.Any(d => d.Location.SourceTree is not { } t || !owner.ContainsKey(t)))
        {
            // A problem outside every generated file: check the whole batch one by one.
            foreach (Output output in batch)
            {
                _alone.Add(output);
            }

            return;
        }

        foreach (var byOutput in problems.GroupBy(d => owner[d.Location.SourceTree!]))
        {
            _suspects[byOutput.Key] = byOutput.ToList();
        }
    }

    /// <summary>
    /// The tokens of a generated file, line comments left out, string literals by kind only unless they are <c>case</c>
    /// labels (where two equal ones would clash). Doc comments stay in whole: the compiler checks their XML again when
    /// it writes the documentation, and finds there characters the parser let through.
    /// </summary>
    private static string ShapeOf(SyntaxTree tree)
    {
        var shape = new StringBuilder();
        foreach (SyntaxToken token in tree.GetRoot().DescendantTokens(descendIntoTrivia: true))
        {
            switch (token.Kind())
            {
                case SyntaxKind.StringLiteralToken when token.Parent?.Parent is not (Microsoft.CodeAnalysis.CSharp.Syntax.CaseSwitchLabelSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ConstantPatternSyntax):
                    shape.Append("\"\"\u0001");
                    continue;
                default:
                    shape.Append(token.Text).Append('\u0001');
                    break;
            }
        }

        return shape.ToString();
    }

    private static string Hash(IEnumerable<string> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string part in parts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(part));
            hash.AppendData([0]);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static IEnumerable<string> Namespaces(AcceptedInput input) =>
        input.Sources.SelectMany(s => NamespaceLine().Matches(s.Source).Select(m => m.Groups[1].Value));

    /// <summary>Every namespace the framework and runtime assemblies declare (<c>System</c>, <c>System.Text</c>, <c>SessionDsl</c>, …).</summary>
    private static HashSet<string> FindReferenceNamespaces()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Walk(INamespaceSymbol ns)
        {
            foreach (INamespaceSymbol child in ns.GetNamespaceMembers())
            {
                names.Add(child.ToDisplayString());
                Walk(child);
            }
        }

        Walk(GeneratedCompilation.Consumer("References").GlobalNamespace);
        return names;
    }

    /// <summary>One distinct generated output and the inputs that produced it.</summary>
    private sealed class Output(AcceptedInput first)
    {
        public List<AcceptedInput> Inputs { get; } = [first];

        /// <summary>Compiled although its shape was, to check that shapes tell the truth.</summary>
        public bool Sampled { get; set; }
    }

    /// <summary>Outputs alike but for text: the one compiled, and the others.</summary>
    private sealed class Shape(Output representative)
    {
        public Output Representative { get; } = representative;

        public List<Output> Followers { get; } = [];
    }
}
