using System.Text;
using System.Xml.Linq;
using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Parsing;

namespace SessionDsl.Cli;

/// <summary>
/// <c>sessiondsl simulate &lt;scenario.yaml&gt;... [--junit FILE]</c>: runs scenarios (docs/cli.md, "Scenario format")
/// on a fake clock with <see cref="Simulator"/>, prints a readable report, optionally writes JUnit XML. Exit 0 when
/// every expectation holds, 1 when one fails, 2 for bad usage, a malformed scenario or a definition with errors.
/// </summary>
internal static class SimulateCommand
{
    private static readonly IReadOnlyDictionary<string, string> KnownOptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--junit"] = "--junit",
    };

    public static int Run(string[] args, CliContext context)
    {
        ParsedArguments? parsed = ParsedArguments.Parse(args, KnownOptions, out string? error);
        if (parsed is null)
        {
            return CommandLine.UsageError(context, error!);
        }

        if (parsed.Positional.Count == 0)
        {
            return CommandLine.UsageError(context, "simulate: give one or more scenario files");
        }

        if (LoadAll("simulate", parsed.Positional, context, out int exit) is not { } loaded)
        {
            return exit;
        }

        var results = loaded.Select(Execute).ToList();
        foreach (ScenarioResult result in results)
        {
            context.Out.Write(TextReport(result));
        }

        int failed = results.Count(r => r.Failed > 0);
        if (results.Count > 1)
        {
            context.Out.WriteLine($"{results.Count} scenarios: {results.Count - failed} passed, {failed} failed");
        }

        string? junit = parsed.Option("--junit");
        if (junit is not null)
        {
            try
            {
                File.WriteAllText(Path.GetFullPath(junit, context.WorkingDirectory), JUnit(results), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"sessiondsl: simulate: cannot write {junit}: {ex.Message}");
                return ExitCodes.Usage;
            }
        }

        return failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>
    /// Reads and checks every scenario before any runs, so that a malformed one never leaves half a report: null, with
    /// every mistake reported and the exit code in <paramref name="exit"/>, when one is missing or malformed.
    /// </summary>
    internal static List<LoadedScenario>? LoadAll(string command, IReadOnlyList<string> files, CliContext context, out int exit)
    {
        var loaded = new List<LoadedScenario>();
        bool malformed = false;
        foreach (string file in files)
        {
            string full = Path.GetFullPath(file, context.WorkingDirectory);
            if (!File.Exists(full))
            {
                exit = CommandLine.UsageError(context, $"{command}: no such file: {file}");
                return null;
            }

            if (Load(full, context) is { } scenario)
            {
                loaded.Add(scenario);
            }
            else
            {
                malformed = true;
            }
        }

        if (malformed)
        {
            context.Error.WriteLine($"sessiondsl: {command}: nothing was run");
            exit = ExitCodes.Usage;
            return null;
        }

        exit = ExitCodes.Success;
        return loaded;
    }

    private static LoadedScenario? Load(string full, CliContext context)
    {
        string shown = DefinitionSet.DisplayPath(full, context.WorkingDirectory);
        Scenario scenario = Scenario.Read(shown, File.ReadAllText(full));
        // With a lifecycle to read, the names are checked too, so one run reports every mistake.
        if (scenario.Lifecycle is not { } lifecycle)
        {
            Report(scenario.Errors, context);
            return null;
        }

        string definition = Path.GetFullPath(lifecycle.Text, Path.GetDirectoryName(full)!);
        if (!File.Exists(definition))
        {
            Report(scenario.Errors, context);
            context.Error.WriteLine($"{shown}({lifecycle.Line},{lifecycle.Column}): error: no such lifecycle file: {lifecycle.Text} (paths are relative to the scenario's folder)");
            return null;
        }

        // The same checks as check and the build: a definition with errors has no trustworthy semantics.
        DefinitionSet set = DefinitionSet.Check(new[] { definition }, context.WorkingDirectory);
        foreach (DiagnosticInfo diagnostic in set.Diagnostics.Where(d => d.Kind.Severity == DiagnosticSeverityKind.Error))
        {
            context.Error.WriteLine(diagnostic.ToString());
        }

        if (set.HasErrors || set.Files[0].Result.Valid is not { } model)
        {
            Report(scenario.Errors, context);
            context.Error.WriteLine($"{shown}({lifecycle.Line},{lifecycle.Column}): error: the lifecycle {lifecycle.Text} has errors");
            return null;
        }

        if (scenario.Bind(model) is not { } bound || scenario.Errors.Count > 0)
        {
            Report(scenario.Errors, context);
            return null;
        }

        return new LoadedScenario(scenario, model, set.Files[0].ShownPath, bound.Options, bound.Start);
    }

    private static void Report(IEnumerable<string> errors, CliContext context)
    {
        foreach (string line in errors)
        {
            context.Error.WriteLine(line);
        }
    }

    /// <summary>Runs the steps on a clock that starts at 0 and moves only with <c>advance:</c>.</summary>
    internal static ScenarioResult Execute(LoadedScenario loaded)
    {
        var simulator = new Simulator(loaded.Lifecycle, loaded.Options, loaded.Start, now: 0);
        long now = 0;
        var steps = new List<StepResult>();
        foreach (ScenarioStep step in loaded.Scenario.Steps)
        {
            string before = simulator.Status;
            var fired = new List<FiredTimer>();
            string? outcome = null;
            TransitionModel? transition = null;
            if (step.Event is { } e)
            {
                EventResult result = simulator.Apply(e.Text, now, fired);
                outcome = result.Outcome;
                transition = result.Transition;
            }
            else
            {
                now += step.AdvanceTicks;
                simulator.Advance(now, fired);
            }

            var checks = new List<Check>();
            if (step.Expect is { } expect)
            {
                if (expect.Status is { } status)
                {
                    checks.Add(new Check("status", status.Text, simulator.Status));
                }

                if (expect.Outcome is { } expected)
                {
                    checks.Add(new Check("outcome", expected.Text, outcome ?? "none"));
                }

                if (expect.Fired is { } names)
                {
                    checks.Add(new Check("fired", "[" + string.Join(", ", names.Select(n => n.Text)) + "]", "[" + string.Join(", ", fired.Select(f => f.Timer)) + "]"));
                }
            }

            steps.Add(new StepResult(step, now, before, simulator.Status, outcome, transition, fired, checks));
        }

        return new ScenarioResult(loaded, steps);
    }

    private static string TextReport(ScenarioResult result)
    {
        LoadedScenario loaded = result.Loaded;
        var text = new StringBuilder();
        text.Append("Scenario ").Append(result.Name).Append(": lifecycle ").Append(loaded.Lifecycle.Name).Append(" (").Append(loaded.LifecyclePath).Append(")\n");
        if (loaded.Lifecycle.Options.Count > 0)
        {
            text.Append("  options: ").Append(string.Join(", ", loaded.Lifecycle.Options.Select(o => $"{o.Name}={loaded.Options.Show(o.Name)}"))).Append('\n');
        }

        text.Append("  start: ").Append(loaded.Start).Append(" at +0s\n");
        foreach (StepResult step in result.Steps)
        {
            text.Append($"  {step.Step.Number}. at {Time(step.Now)}: {step.Step.Describe}: {step.Before} -> {step.After}");
            text.Append(step.Outcome is null ? "\n" : $" ({step.Outcome})\n");
            foreach (FiredTimer timer in step.Fired)
            {
                text.Append($"       timer {timer.Timer} fired at {Time(timer.Due)}: {timer.From} -> {timer.To}\n");
            }

            foreach (Check check in step.Checks)
            {
                text.Append(check.Passed ? $"       PASS {check.What} {check.Expected}\n" : $"       FAIL {check.Message}\n");
            }
        }

        int checks = result.Steps.Sum(s => s.Checks.Count);
        text.Append($"  {(result.Failed == 0 ? "PASS" : "FAIL")}: {result.Steps.Count} steps, {checks} expectations, {checks - result.Failed} passed, {result.Failed} failed\n");
        return text.ToString();
    }

    /// <summary>JUnit XML: one testsuite per scenario file, one testcase per step that expects something.</summary>
    private static string JUnit(IReadOnlyList<ScenarioResult> results)
    {
        var suites = new XElement("testsuites",
            new XAttribute("name", "sessiondsl simulate"),
            new XAttribute("tests", results.Sum(r => r.Cases.Count())),
            new XAttribute("failures", results.Sum(r => r.Cases.Count(s => s.Checks.Any(c => !c.Passed)))));
        foreach (ScenarioResult result in results)
        {
            var suite = new XElement("testsuite",
                new XAttribute("name", result.Name),
                new XAttribute("file", result.Loaded.Scenario.ShownPath),
                new XAttribute("tests", result.Cases.Count()),
                new XAttribute("failures", result.Cases.Count(s => s.Checks.Any(c => !c.Passed))),
                new XAttribute("errors", 0),
                new XAttribute("skipped", 0),
                new XAttribute("time", "0"));
            foreach (StepResult step in result.Cases)
            {
                var testcase = new XElement("testcase",
                    new XAttribute("classname", result.Name),
                    new XAttribute("name", $"step {step.Step.Number}: {step.Step.Describe} at {Time(step.Now)}"),
                    new XAttribute("time", "0"));
                List<Check> failures = step.Checks.Where(c => !c.Passed).ToList();
                if (failures.Count > 0)
                {
                    string where = $"{result.Loaded.Scenario.ShownPath}({step.Step.Expect!.Where.Line},{step.Step.Expect.Where.Column})";
                    testcase.Add(new XElement("failure",
                        new XAttribute("message", string.Join("; ", failures.Select(f => f.Message))),
                        new XAttribute("type", "ExpectationFailed"),
                        $"{where}: {step.Before} -> {step.After}\n" + string.Join("\n", failures.Select(f => f.Message))));
                }

                suite.Add(testcase);
            }

            suites.Add(suite);
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), suites).Declaration + "\n" + suites + "\n";
    }

    private static string Time(long ticks) => "+" + DurationParser.Format(ticks);

    internal sealed record LoadedScenario(Scenario Scenario, LifecycleModel Lifecycle, string LifecyclePath, SimulationOptions Options, string Start);

    internal sealed record Check(string What, string Expected, string Actual)
    {
        public bool Passed => Expected == Actual;

        public string Message => $"{What}: expected {Expected}, got {Actual}";
    }

    internal sealed record StepResult(ScenarioStep Step, long Now, string Before, string After, string? Outcome, TransitionModel? Transition, IReadOnlyList<FiredTimer> Fired, IReadOnlyList<Check> Checks);

    internal sealed record ScenarioResult(LoadedScenario Loaded, IReadOnlyList<StepResult> Steps)
    {
        public string Name => Loaded.Scenario.Name ?? Loaded.Scenario.ShownPath;

        public int Failed => Steps.Sum(s => s.Checks.Count(c => !c.Passed));

        public IEnumerable<StepResult> Cases => Steps.Where(s => s.Step.Expect is not null);
    }
}
