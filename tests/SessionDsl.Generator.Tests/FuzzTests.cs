using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// No input crashes or hangs the build: ten thousand and more mutated definitions (token, line and byte mutations of
/// the shipped ones, alias bombs, a 10 MB file, 10,000-deep nesting, binary junk) go through the generator driver,
/// each under one of many file names, and each must be answered with diagnostics or generated code, without an
/// exception, within a second. And no accepted input breaks the build later: the generated code of every input the
/// generator accepts (no error diagnostic) is compiled as a consumer compiles it, nullable enabled and every warning an
/// error, and must compile without a diagnostic. The seed is fixed, so a failure reproduces; every failure is collected
/// and reported together.
/// </summary>
[Collection(HeavyCompileCollection.Name)]
public sealed class FuzzTests
{
    private const int Seed = 20261124;
    private const int MutantsPerDefinition = 2_500;

    /// <summary>A guard against hangs, not a performance claim: inputs normally take a few milliseconds.</summary>
    private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(1);

    private static readonly string[] YamlNoise =
    {
        ":", "- ", "[", "]", "{", "}", ",", "&a", "*a", "!!binary", "!tag", "? ", "|", ">-", "~", "null", "true", "---", "...",
        "%YAML 1.2", "'", "\"", "#", "\t", "\n", "\n  ", "0h", "-5m", "99999999999999999999d", "1h1h", "not", "and", "or",
        "==", "!=", "(", ")", "initial: true", "final: true", "when: ", "from: ", "to: ", "on: ", "\u0000", "\uFEFF", "\uD800",
        "Ended", "Waiting", "Consent", "capacityModel", "inactivityTimeout", "platforms: [enhanced]", "{ name: X, platforms: [y] }",
    };

    /// <summary>
    /// File names the inputs are given in turn: every spelling of the extension the generator picks up, folders, and
    /// characters a file name may hold that C# comments, XML docs and string literals treat specially.
    /// </summary>
    private static readonly string[] FileNames = new[]
    {
        "fuzz.lifecycle.yaml", "Fuzz.LIFECYCLE.YAML", "fuzz.lifecycle.yml", "defs/sub dir/fuzz.lifecycle.yaml", "/abs/path/x.y.z.lifecycle.yaml",
        @"C:\defs\fuzz.lifecycle.yaml", "déjà vu ünïcode.lifecycle.yaml", "R&D.lifecycle.yaml", "<team>.lifecycle.yaml", "quote\"d'.lifecycle.yaml",
        "*/ end.lifecycle.yaml", "tab\there.lifecycle.yaml", "new\nline.lifecycle.yaml", "{{ x }}.lifecycle.yaml",
    }.Where(n => Oracle.FoundBugs.IncludeFileNamesThatNeedEscaping || !(n.Contains('&') || n.Contains('<') || n.Contains('\n'))).ToArray();

    /// <summary>Compile failures of bugs already reported, told apart by the diagnostic; counted and printed, failing only while their switch is on.</summary>
    private static readonly (string Name, bool Included, Func<CompileFailure, bool> Matches)[] KnownCompileBugs =
    {
        ("two optional duration options (CS0128)", Oracle.KnownBugs.IncludeTwoOptionalDurations, f => f.Diagnostics.All(d => d.Id == "CS0128")),
        ("a lifecycle named Options or Name, or an option named Default", Oracle.KnownBugs.IncludeClashingNames, f => f.Diagnostics.All(d => Regex.IsMatch(d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), "'(Options|Name|Default)'"))),
        ("more than six option tests and a required duration test (CS0162)", Oracle.KnownBugs.IncludeRequiredDurationTestsInEvaluatedGuards, f => f.Diagnostics.All(d => d.Id == "CS0162")),

        // Found by this test, not in issue 11 (Oracle.FoundBugs): the switch is on, so they fail until fixed.
        ("a character XML cannot hold in a description or 'because:' (CS1570 when the docs are written)", Oracle.FoundBugs.IncludeCharactersXmlCannotHold, f => f.Diagnostics.All(d => d.Id == "CS1570" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("invalid character", StringComparison.Ordinal))),
    };

    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Ten_thousand_mutated_definitions_each_get_diagnostics_or_code_without_an_exception_within_a_second()
    {
        var inputs = Inputs().ToList();
        Assert.True(inputs.Count >= 10_000, $"only {inputs.Count} inputs");

        CSharpCompilation compilation = GeneratorHarness.Compilation();
        var failures = new List<string>();
        var total = Stopwatch.StartNew();
        TimeSpan slowest = TimeSpan.Zero;
        string slowestName = string.Empty;
        int withCode = 0, withErrors = 0;
        var ids = new SortedDictionary<string, int>(StringComparer.Ordinal);

        // Accepted inputs are compiled on a second thread while the generator goes on with the next ones.
        var compiler = new AcceptedOutputCompiler();
        int index = 0;
        foreach (var (name, text) in inputs)
        {
            // The shipped definitions keep their own names; the mutants take the list's names in turn.
            string fileName = name.EndsWith(".yaml", StringComparison.Ordinal) ? name : FileNames[index++ % FileNames.Length];
            var watch = Stopwatch.StartNew();
            GeneratorDriverRunResult result;
            try
            {
                result = GeneratorHarness.Driver(new[] { new InMemoryText(fileName, text) })
                    .RunGenerators(compilation)
                    .GetRunResult();
            }
            catch (Exception ex)
            {
                failures.Add($"{name}: the driver threw {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            watch.Stop();
            if (watch.Elapsed > slowest)
            {
                (slowest, slowestName) = (watch.Elapsed, name);
            }

            GeneratorRunResult run = result.Results.Single();
            var diagnostics = result.Diagnostics;
            if (run.Exception is { } exception)
            {
                failures.Add($"{name}: the generator threw {exception.GetType().Name}: {exception.Message}");
            }

            foreach (Diagnostic d in diagnostics.Where(d => !d.Id.StartsWith("SDSL", StringComparison.Ordinal) || d.Id == "SDSL0000"))
            {
                failures.Add($"{name}: {d}");
            }

            if (diagnostics.IsEmpty && run.GeneratedSources.IsEmpty)
            {
                failures.Add($"{name}: neither a diagnostic nor generated code");
            }

            if (watch.Elapsed > PerInputLimit)
            {
                failures.Add($"{name}: took {watch.Elapsed.TotalMilliseconds:F0} ms");
            }

            // Accepted: the generator's own severities, not those the consumer's warnings-as-errors gives them.
            if (!run.GeneratedSources.IsEmpty && !diagnostics.Any(d => d.DefaultSeverity == DiagnosticSeverity.Error))
            {
                compiler.Add(new AcceptedInput(name, fileName, text, run.GeneratedSources.Select(g => (g.HintName, g.SourceText.ToString())).ToList()));
            }

            withCode += run.GeneratedSources.IsEmpty ? 0 : 1;
            withErrors += diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? 1 : 0;
            foreach (string id in diagnostics.Select(d => d.Id).Distinct())
            {
                ids[id] = ids.TryGetValue(id, out int n) ? n + 1 : 1;
            }
        }

        TimeSpan generating = total.Elapsed;
        CompileReport compiled = compiler.Finish();
        var compileFailures = compiled.Failures;
        int accepted = compiler.Accepted;
        total.Stop();
        _output.WriteLine($"{inputs.Count} inputs in {total.Elapsed.TotalSeconds:F1} s ({generating.TotalSeconds:F1} s until the last was generated, {(total.Elapsed - generating).TotalSeconds:F1} s more to compile the rest); slowest {slowest.TotalMilliseconds:F0} ms ({slowestName}); {withCode} generated code, {withErrors} had errors");
        _output.WriteLine($"processor time {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F0} s (this process, all tests so far)");
        _output.WriteLine(string.Join(", ", ids.Select(kv => $"{kv.Key}: {kv.Value}")));
        _output.WriteLine($"{accepted} inputs accepted and their output compiled: {accepted - compileFailures.Sum(f => f.SameOutput)} compiled cleanly, {compileFailures.Sum(f => f.SameOutput)} did not; "
            + $"{compiled.Distinct} distinct outputs, {compiled.Compiled} compiled ({compiled.Sampled} of them to check shapes), {compiled.ByShape} parsed and of a shape that compiled (SESSIONDSL_FUZZ_COMPILE_EVERY_OUTPUT=1 compiles them too)");
        _output.WriteLine($"{Oracle.KnownBugs.Describe()}; {Oracle.FoundBugs.Describe()}");
        failures.AddRange(compiled.ShapeMisses.Select(m => "a shape told a lie: " + m));

        var unexplained = new List<CompileFailure>();
        foreach (CompileFailure failure in compileFailures)
        {
            var known = KnownCompileBugs.FirstOrDefault(k => k.Matches(failure));
            if (known.Name is null || known.Included)
            {
                unexplained.Add(failure);
            }
        }

        foreach (var known in KnownCompileBugs)
        {
            int count = compileFailures.Count(known.Matches);
            _output.WriteLine($"  bug '{known.Name}': {count} distinct outputs{(known.Included ? " (switch on: they fail the test)" : " (switch off: printed, not failed)")}");
        }

        // One example per kind of failure (diagnostic IDs and the gist of the first message), the shortest input first.
        var kinds = compileFailures.GroupBy(Kind).OrderByDescending(g => g.Sum(f => f.SameOutput)).ToList();
        _output.WriteLine($"{kinds.Count} kinds of compile failure:");
        foreach (var kind in kinds)
        {
            CompileFailure example = kind.OrderBy(f => f.Input.Text.Length).First();
            bool known = !unexplained.Contains(example);
            string text = $"{kind.Sum(f => f.SameOutput)} accepted inputs{(known ? " [its switch is off]" : string.Empty)} fail with {kind.Key}; for example {example.Input.Name} as '{example.Input.FileName}':\n  "
                + string.Join("\n  ", example.Diagnostics.Take(4).Select(Describe)) + "\n--- input ---\n" + example.Input.Text + "\n--- end ---";
            _output.WriteLine(text);
            if (!known)
            {
                failures.Add(text);
            }
        }

        Assert.True(accepted >= 1_000, $"only {accepted} inputs were accepted");
        Assert.True(failures.Count == 0 && unexplained.Count == 0, $"{failures.Count} of {inputs.Count} inputs failed ({unexplained.Count} distinct outputs that do not compile):\n{string.Join("\n", failures.Take(200))}");
    }

    private static string Kind(CompileFailure failure)
    {
        Diagnostic first = failure.Diagnostics[0];
        string gist = Regex.Replace(first.GetMessage(System.Globalization.CultureInfo.InvariantCulture), @"'[^']*'|\d+", "…");
        return $"{string.Join(", ", failure.Diagnostics.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal))} ({gist})";
    }

    /// <summary>A diagnostic and the generated line it points at.</summary>
    private static string Describe(Diagnostic diagnostic)
    {
        string text = diagnostic.ToString();
        if (diagnostic.Location.SourceTree is { } tree && diagnostic.Location.GetLineSpan().StartLinePosition.Line is var line && line < tree.GetText().Lines.Count)
        {
            string code = tree.GetText().Lines[line].ToString().Trim();
            text += "\n      | " + (code.Length > 300 ? code[..300] + "…" : code);
        }

        return text;
    }

    private static IEnumerable<(string Name, string Text)> Inputs()
    {
        var random = new Random(Seed);
        var seeds = GeneratorHarness.ShippedDefinitions().Select(d => (Name: Path.GetFileName(d.Path), d.Text)).ToList();
        var pool = seeds.SelectMany(s => Tokens(s.Text)).Where(t => t.Trim().Length > 0).Distinct().Concat(YamlNoise).ToArray();

        foreach (var seed in seeds)
        {
            yield return (seed.Name, seed.Text);
            for (int i = 0; i < MutantsPerDefinition; i++)
            {
                int kind = random.Next(3);
                string text = kind switch
                {
                    0 => MutateTokens(seed.Text, pool, random),
                    1 => MutateLines(seed.Text, random),
                    _ => MutateBytes(seed.Text, random),
                };
                yield return ($"{seed.Name} mutant #{i} ({(kind == 0 ? "tokens" : kind == 1 ? "lines" : "bytes")})", text);
            }
        }

        foreach (var special in Specials(seeds[0].Text, random))
        {
            yield return special;
        }
    }

    private static IEnumerable<string> Tokens(string text) => Regex.Split(text, @"(\s+|[:\[\]{},#'""&*!|>()=-])");

    private static string MutateTokens(string text, string[] pool, Random random)
    {
        var tokens = Tokens(text).ToList();
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && tokens.Count > 0; e++)
        {
            int at = random.Next(tokens.Count);
            switch (random.Next(4))
            {
                case 0:
                    tokens[at] = pool[random.Next(pool.Length)];
                    break;
                case 1:
                    tokens.RemoveAt(at);
                    break;
                case 2:
                    tokens.Insert(at, pool[random.Next(pool.Length)]);
                    break;
                default:
                    int other = random.Next(tokens.Count);
                    (tokens[at], tokens[other]) = (tokens[other], tokens[at]);
                    break;
            }
        }

        return string.Concat(tokens);
    }

    private static string MutateLines(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        int edits = 1 + random.Next(3);
        for (int e = 0; e < edits && lines.Count > 0; e++)
        {
            int at = random.Next(lines.Count);
            switch (random.Next(5))
            {
                case 0:
                    lines.Insert(at, lines[random.Next(lines.Count)]);
                    break;
                case 1:
                    lines.RemoveAt(at);
                    break;
                case 2:
                    int other = random.Next(lines.Count);
                    (lines[at], lines[other]) = (lines[other], lines[at]);
                    break;
                case 3:
                    lines[at] = new string(' ', random.Next(8)) + lines[at].TrimStart();
                    break;
                default:
                    // A block of lines repeated: duplicate transitions, states and keys.
                    int start = random.Next(lines.Count);
                    int length = Math.Min(1 + random.Next(6), lines.Count - start);
                    lines.InsertRange(start, lines.GetRange(start, length));
                    break;
            }
        }

        return string.Join("\n", lines);
    }

    private static string MutateBytes(string text, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        int edits = 1 + random.Next(8);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(1 + random.Next(16), bytes.Count - at));
                    break;
                default:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
            }
        }

        if (random.Next(10) == 0)
        {
            bytes.RemoveRange(bytes.Count / 2, bytes.Count - (bytes.Count / 2));
        }

        // Half are read as the compiler would read a file (UTF-8, invalid bytes replaced), half byte by byte.
        return random.Next(2) == 0 ? Encoding.UTF8.GetString(bytes.ToArray()) : Encoding.Latin1.GetString(bytes.ToArray());
    }

    private static IEnumerable<(string Name, string Text)> Specials(string definition, Random random)
    {
        yield return ("alias bomb (lists)", "lifecycle: Bomb\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n");
        yield return ("alias bomb (mappings)", "a: &a {x: 1, y: 1}\nb: &b {x: *a, y: *a}\nc: &c {x: *b, y: *b}\nd: {x: *c, y: *c}\n");
        yield return ("alias bomb (merge keys)", "base: &base {lifecycle: X}\nstates:\n  <<: *base\n  A: *base\n");
        yield return ("alias bomb inside a definition", definition.Replace("members: [New,", "members: &m [New,", StringComparison.Ordinal) + "\nx: [*m, *m, *m]\n");
        yield return ("an alias to nothing", "lifecycle: *nowhere\n");

        var tenMegabytes = new StringBuilder(definition, 10_500_000);
        tenMegabytes.Append("\n# ").Append('x', 10 * 1024 * 1024).Append('\n');
        yield return ("a 10 MB file (a definition and a comment)", tenMegabytes.ToString());
        yield return ("a 10 MB file (one scalar)", "lifecycle: " + new string('A', 10 * 1024 * 1024));
        yield return ("a 10 MB file (one long line of flow items)", "states: [" + string.Concat(Enumerable.Repeat("a, ", 3_500_000)) + "]");
        yield return ("a file just under the size limit", "# " + new string('x', (1024 * 1024) - 3) + "\n");
        yield return ("many states near the size limit", "lifecycle: Big\nnamespace: Big\nstatusType: S\neventType: E\nstates:\n" + string.Concat(Enumerable.Range(0, 40_000).Select(i => $"  S{i}:\n")) + "events:\n");
        yield return ("many transitions on one state and event", "lifecycle: Big\nnamespace: Big\nstatusType: S\neventType: E\nstates:\n  A: { initial: true }\n  B: { final: true }\nevents:\n  Go:\ntransitions:\n" + string.Concat(Enumerable.Repeat("  - { from: A, on: Go, to: B }\n", 30_000)));
        yield return ("many options in one guard", "lifecycle: Big\nnamespace: Big\nstatusType: S\neventType: E\noptions:\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"  o{i}: {{ type: bool }}\n")) + "states:\n  A: { initial: true }\n  B: { final: true }\nevents:\n  Go:\ntransitions:\n  - { from: A, on: Go, to: B, when: " + string.Join(" or ", Enumerable.Range(0, 200).Select(i => $"o{i}")) + " }\n  - { from: A, on: Go, to: B, when: o0 }\n");

        yield return ("10,000-deep flow sequences", "lifecycle: Deep\nstates: " + new string('[', 10_000) + new string(']', 10_000) + "\n");
        yield return ("10,000-deep flow mappings", "lifecycle: Deep\nstates: " + string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "x" + new string('}', 10_000) + "\n");
        yield return ("10,000-deep block sequences", "lifecycle: Deep\nstates:\n  " + string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n");
        yield return ("10,000-deep unclosed nesting", "lifecycle: Deep\nstates: " + new string('[', 10_000) + "\n");
        yield return ("a 10,000-deep guard", definition.Replace("when: capacityModel == TabBased", "when: " + new string('(', 10_000) + "capacityModel == TabBased" + new string(')', 10_000), StringComparison.Ordinal));
        yield return ("a 10,000-long not chain", definition.Replace("when: capacityModel == TabBased", "when: " + string.Concat(Enumerable.Repeat("not ", 10_000)) + "capacityModel == TabBased", StringComparison.Ordinal));

        yield return ("a guard of 30,000 operands", definition.Replace("when: capacityModel == TabBased", "when: " + string.Join(" and ", Enumerable.Repeat("capacityModel == TabBased", 30_000)), StringComparison.Ordinal));
        yield return ("a guard of 100,000 short operands", "lifecycle: Long\nnamespace: Long\nstatusType: S\neventType: E\noptions:\n  b: { type: bool }\nstates:\n  A: { initial: true }\n  B: { final: true }\nevents:\n  Go:\ntransitions:\n  - { from: A, on: Go, to: B, when: " + string.Join(" or ", Enumerable.Repeat("b", 100_000)) + " }\n");
        yield return ("NUL bytes", new string('\0', 4096));
        yield return ("only a byte order mark", "\uFEFF");
        yield return ("lone surrogates", "lifecycle: \uD800\uDC00\uDFFF\uD800\n");
        yield return ("several documents", definition + "\n---\n" + definition);
        yield return ("tabs for indentation", definition.Replace("  ", "\t", StringComparison.Ordinal));
        yield return ("CRLF line ends", definition.Replace("\n", "\r\n", StringComparison.Ordinal));
        yield return ("CR line ends", definition.Replace("\n", "\r", StringComparison.Ordinal));
        for (int i = 0; i < 40; i++)
        {
            var bytes = new byte[random.Next(1, 1 << (4 + (i % 13)))];
            random.NextBytes(bytes);
            yield return ($"binary junk #{i} ({bytes.Length} bytes)", i % 2 == 0 ? Encoding.Latin1.GetString(bytes) : Encoding.UTF8.GetString(bytes));
        }
    }
}
