using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace SessionDsl.Generator.Tests.Oracle;

/// <summary>
/// Random valid definitions (<see cref="RandomDefinitions"/>), generated, compiled and loaded a batch at a time
/// (<see cref="OracleCompiler"/>), and driven side by side with a reference interpreter written from docs/dsl.md and
/// each lifecycle's <c>Description</c> (<see cref="ReferenceLifecycle"/>, <see cref="OracleDriver"/>). Every accepted
/// definition must compile, its description must say what the definition says, and after every step the outcome, the
/// timers fired, the session and the next deadline must agree; a disagreement is shrunk to the steps and options it
/// needs and printed with its definition. The seed is fixed and printed; <c>SESSIONDSL_ORACLE_DEFINITIONS</c> raises
/// the count and <c>SESSIONDSL_ORACLE_SEED</c> picks another seed. A second test breaks one rule of the oracle on
/// purpose (<see cref="OracleFault"/>) and requires the harness to notice.
/// </summary>
[Collection(HeavyCompileCollection.Name)]
public sealed class OracleTests : IClassFixture<OracleTests.Compiled>
{
    private const int RunsPerLifecycle = 12;
    private const int StepsPerRun = 40;

    private readonly Compiled _compiled;
    private readonly ITestOutputHelper _output;

    public OracleTests(Compiled compiled, ITestOutputHelper output)
    {
        _compiled = compiled;
        _output = output;
    }

    [Fact]
    public void Random_definitions_compile_and_behave_as_the_reference_interpreter_says()
    {
        var watch = Stopwatch.StartNew();
        var findings = new List<Finding>();
        long comparisons = 0, steps = 0;
        int compared = 0, unbounded = 0, rewrittenGuards = 0, rewrittenDefaults = 0;
        string? rewrittenExample = null, rewrittenDefaultExample = null;
        var coverage = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (CompiledDefinition definition in _compiled.Definitions.Where(d => d.Probe is not null))
        {
            var driver = new OracleDriver(definition, OracleFault.None, _compiled.Seed ^ definition.Spec.Id);
            driver.CheckStatics();
            driver.Drive(RunsPerLifecycle, StepsPerRun);
            comparisons += driver.Comparisons;
            steps += driver.Steps;
            unbounded += driver.Unbounded;
            rewrittenGuards += driver.RewrittenGuards;
            rewrittenExample ??= driver.RewrittenGuardExample;
            rewrittenDefaults += driver.RewrittenDefaults;
            rewrittenDefaultExample ??= driver.RewrittenDefaultExample;
            compared++;
            foreach (var (what, n) in driver.Coverage)
            {
                coverage[what] = coverage.GetValueOrDefault(what) + n;
            }

            findings.AddRange(driver.Findings.Select(f => f.Scenario is null ? f : Shrunk(driver, f)));
        }

        var drive = watch.Elapsed;
        var defs = _compiled.Definitions;
        var refused = defs.Where(d => d.Refusals.Count > 0).ToList();
        var refusedUnexpectedly = refused.Where(d => d.Refusals.Any(r => !AllowedRefusals(d.Spec).Contains(Regex.Match(r, @"SDSL\d{4}").Value))).ToList();
        int meantToBeAccepted = defs.Count(d => AllowedRefusals(d.Spec).Count == 0);
        var notCompiling = defs.Where(d => d.Refusals.Count == 0 && d.CompileErrors.Count > 0).ToList();
        var notLoading = defs.Where(d => d.LoadError is not null).ToList();

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"seed {_compiled.Seed} (SESSIONDSL_ORACLE_SEED), {defs.Count} definitions (SESSIONDSL_ORACLE_DEFINITIONS); {KnownBugs.Describe()}; {FoundBugs.Describe()}");
        report.AppendLine(CultureInfo.InvariantCulture, $"generated {defs.Count}: refused by the generator {refused.Count}, accepted {defs.Count - refused.Count}, of which compiled {defs.Count - refused.Count - notCompiling.Count}, did not compile {notCompiling.Count}, did not load {notLoading.Count}; compared {compared}");
        report.AppendLine(CultureInfo.InvariantCulture, $"{steps:N0} steps, {comparisons:N0} comparisons, {findings.Count} disagreements ({string.Join(", ", findings.GroupBy(f => f.Kind).Select(g => $"{g.Key}: {g.Count()}"))}); {unbounded} runs stopped at the cap of {ReferenceLifecycle.MaxFirings} timers per call on both sides");
        report.AppendLine(CultureInfo.InvariantCulture, $"timings: definitions {_compiled.SpecTime.TotalSeconds:F1} s, generator {_compiled.Compiler.GeneratorTime.TotalSeconds:F1} s and compiler {_compiled.Compiler.CompileTime.TotalSeconds:F1} s (summed over two threads; {_compiled.CompileWall.TotalSeconds:F1} s wall), driving {drive.TotalSeconds:F1} s");
        report.AppendLine(CultureInfo.InvariantCulture, $"written otherwise in the description, with the same meaning (not failed; the docs say 'as written'): {rewrittenGuards} guards (e.g. {rewrittenExample}), {rewrittenDefaults} duration defaults (e.g. {rewrittenDefaultExample})");
        report.AppendLine("generator notes (warnings, infos) on accepted definitions: " + Ids(defs.Where(d => d.Refusals.Count == 0).SelectMany(d => d.Notes)));
        report.AppendLine("refusals: " + Ids(refused.SelectMany(d => d.Refusals)) + $"; of the {meantToBeAccepted} definitions no check should refuse, {refusedUnexpectedly.Count} were refused");
        report.AppendLine("what the runs exercised: " + string.Join("; ", coverage.Select(c => $"{c.Key} {c.Value:N0}")));
        report.AppendLine("by category (generated / compiled and compared / with a disagreement):");
        foreach (var category in defs.SelectMany(d => d.Spec.Categories).Distinct().Order(StringComparer.Ordinal))
        {
            var inCategory = defs.Where(d => d.Spec.Categories.Contains(category)).ToList();
            report.AppendLine(CultureInfo.InvariantCulture, $"  {category,-55} {inCategory.Count,5} {inCategory.Count(d => d.Probe is not null),5} {inCategory.Count(d => d.CompileErrors.Count > 0 || findings.Any(f => f.Definition == d)),5}");
        }

        foreach (CompiledDefinition d in refusedUnexpectedly.Concat(refused).Distinct().Take(3))
        {
            report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"REFUSED{(refusedUnexpectedly.Contains(d) ? " UNEXPECTEDLY" : string.Empty)} #{d.Spec.Id} ({d.Spec.FileName}): {string.Join("\n  ", d.Refusals.Take(5))}").AppendLine(d.Yaml);
        }

        foreach (var group in notCompiling.GroupBy(d => FirstError(d)).Take(12))
        {
            CompiledDefinition d = group.OrderBy(x => x.Yaml.Length).First();
            report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"DOES NOT COMPILE ({group.Count()} definitions with {group.Key}); the shortest, #{d.Spec.Id} [{string.Join(", ", d.Spec.Categories)}]:");
            report.AppendLine("  " + string.Join("\n  ", d.CompileErrors.Take(6))).AppendLine(d.Yaml);
        }

        foreach (CompiledDefinition d in notLoading.Take(3))
        {
            report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"DOES NOT LOAD #{d.Spec.Id}: {d.LoadError}").AppendLine(d.Yaml);
        }

        // One repro per kind of disagreement (what disagreed first), the shortest definition first.
        var kinds = findings.GroupBy(f => f.Kind + ": " + Regex.Replace(f.What.Split(':')[0], @"#\d+|\d+", "…")).OrderByDescending(g => g.Count()).ToList();
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{kinds.Count} kinds of disagreement:");
        foreach (var kind in kinds)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {kind.Count(),5} in {kind.Select(f => f.Definition).Distinct().Count(),4} definitions: {kind.Key}");
        }

        foreach (var kind in kinds.Take(10))
        {
            Finding f = kind.OrderBy(f => f.Definition.Yaml.Length + (f.Scenario?.Steps.Count ?? 0) * 200).First();
            report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"DISAGREEMENT ({f.Kind}) #{f.Definition.Spec.Id} [{string.Join(", ", f.Definition.Spec.Categories)}]: {f.What}");
            if (f.Scenario is { } s)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  options: {f.Trace?.Split('\n')[0]}").AppendLine(CultureInfo.InvariantCulture, $"  t0 = {new DateTimeOffset(s.Origin, TimeSpan.Zero):O} ({s.Origin} ticks)");
                report.Append(string.Join('\n', f.Trace?.Split('\n').Skip(1) ?? [])).AppendLine();
            }

            report.AppendLine(f.Definition.Yaml);
        }

        _output.WriteLine(report.ToString());
        Assert.True(refusedUnexpectedly.Count == 0, $"{refusedUnexpectedly.Count} definitions that no check should refuse were refused\n{report}");
        Assert.True(compared >= _compiled.Count, $"only {compared} of {defs.Count} definitions were compared (at least {_compiled.Count} should be)\n{report}");
        Assert.True(notCompiling.Count == 0 && notLoading.Count == 0 && findings.Count == 0, report.ToString());
    }

    [Theory]
    [InlineData(nameof(OracleFault.TiesInReverseOrder), 20)]
    [InlineData(nameof(OracleFault.TimerTargetEnteredAtNow), 150)]
    [InlineData(nameof(OracleFault.CancelWinsOverStart), 40)]
    [InlineData(nameof(OracleFault.RestartAlways), 40)]
    public void A_deliberately_wrong_oracle_disagrees_with_the_generated_code(string faultName, int atLeast)
    {
        var fault = Enum.Parse<OracleFault>(faultName);
        // The same definitions and seeds as the real run, with one rule of the oracle broken: the harness must notice.
        int disagreeing = 0, lifecycles = 0;
        string? example = null;
        foreach (CompiledDefinition definition in _compiled.Definitions.Where(d => d.Probe is not null).Take(400))
        {
            var driver = new OracleDriver(definition, fault, _compiled.Seed ^ definition.Spec.Id);
            driver.Drive(RunsPerLifecycle, StepsPerRun);
            var behaviour = driver.Findings.Where(f => f.Kind == "behaviour").ToList();
            disagreeing += behaviour.Count;
            lifecycles += behaviour.Count > 0 ? 1 : 0;
            example ??= behaviour.FirstOrDefault()?.What;
        }

        _output.WriteLine($"oracle fault {fault}: {disagreeing} disagreeing runs in {lifecycles} lifecycles; for example: {example}");
        Assert.True(disagreeing >= atLeast, $"the {fault} oracle disagreed only {disagreeing} times");
    }

    private static Finding Shrunk(OracleDriver driver, Finding finding)
    {
        Scenario small = driver.Shrink(finding.Scenario!);
        var (mismatch, trace) = driver.Replay(small);
        return finding with { Scenario = small, What = mismatch ?? finding.What, Trace = driver.OptionsText(small.Options) + "\n" + trace };
    }

    private static string Ids(IEnumerable<string> diagnostics) =>
        string.Join(", ", diagnostics.Select(d => Regex.Match(d, @"SDSL\d{4}").Value).Where(id => id.Length > 0).GroupBy(id => id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}")) is { Length: > 0 } text ? text : "none";

    /// <summary>
    /// The refusals a definition was made to meet: a loop of in-state timers (SDSL0046), or a name the generated code
    /// uses itself (SDSL0035). The checks refuse those by design; any other refusal of a random definition, which is
    /// valid by construction, is a check that refuses what it should accept.
    /// </summary>
    internal static IReadOnlySet<string> AllowedRefusals(DefinitionSpec spec)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (string category in spec.Categories)
        {
            if (category == "known: timer cycles")
            {
                allowed.Add("SDSL0046");
            }
            else if (category.StartsWith("known: lifecycle named", StringComparison.Ordinal) || category == "known: bool option named Default"
                || (category.StartsWith("hostile: ", StringComparison.Ordinal) && category.Contains(" named ", StringComparison.Ordinal)))
            {
                allowed.Add("SDSL0035");
            }
        }

        return allowed;
    }

    private static string FirstError(CompiledDefinition d) => Regex.Match(d.CompileErrors[0], @"(?:error|warning) (CS\d{4})").Groups[1].Value is { Length: > 0 } id ? id : "?";

    /// <summary>The definitions, generated and compiled once for every test in the class.</summary>
    public sealed class Compiled : IDisposable
    {
        public Compiled()
        {
            Seed = Environment.GetEnvironmentVariable("SESSIONDSL_ORACLE_SEED") is { Length: > 0 } seed ? int.Parse(seed, CultureInfo.InvariantCulture) : 20261125;
            int count = Environment.GetEnvironmentVariable("SESSIONDSL_ORACLE_DEFINITIONS") is { Length: > 0 } n ? int.Parse(n, CultureInfo.InvariantCulture) : 1_000;
            var watch = Stopwatch.StartNew();
            var random = new RandomDefinitions(Seed);
            // Definitions made to be refused (a timer loop, a name the generated code uses) come on top: at least
            // 'count' are meant to be compiled and compared.
            var specs = new List<DefinitionSpec>();
            for (int id = 1, meantToBeAccepted = 0; meantToBeAccepted < count; id++)
            {
                DefinitionSpec spec = random.Next(id);
                specs.Add(spec);
                meantToBeAccepted += AllowedRefusals(spec).Count == 0 ? 1 : 0;
            }

            Count = count;
            SpecTime = watch.Elapsed;
            watch.Restart();
            Compiler = new OracleCompiler();
            Definitions = Compiler.Compile(specs, batchSize: 40);
            CompileWall = watch.Elapsed;
        }

        internal int Seed { get; }

        /// <summary>How many definitions are meant to be compared (SESSIONDSL_ORACLE_DEFINITIONS, 1,000 unless set).</summary>
        internal int Count { get; }

        internal OracleCompiler Compiler { get; }

        internal List<CompiledDefinition> Definitions { get; }

        internal TimeSpan SpecTime { get; }

        internal TimeSpan CompileWall { get; }

        public void Dispose() => Compiler.Dispose();
    }
}
