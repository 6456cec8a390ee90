using System.Globalization;
using SessionDsl.Language.Model;

namespace SessionDsl.Cli;

/// <summary>
/// <c>sessiondsl coverage &lt;scenario.yaml&gt;... [--fail-under PERCENT]</c>: runs scenarios like <c>simulate</c> and
/// reports, per lifecycle, which transitions (from each source state) and timers (in each state) they exercise, and
/// which they miss with their lines. Exit 0; 1 with <c>--fail-under</c> when a lifecycle's coverage is below it; 2 for
/// bad usage or a malformed scenario.
/// </summary>
internal static class CoverageCommand
{
    private static readonly IReadOnlyDictionary<string, string> KnownOptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--fail-under"] = "--fail-under",
    };

    public static int Run(string[] args, CliContext context)
    {
        ParsedArguments? parsed = ParsedArguments.Parse(args, KnownOptions, out string? error);
        if (parsed is null)
        {
            return CommandLine.UsageError(context, error!);
        }

        double failUnder = 0;
        if (parsed.Option("--fail-under") is { } text && (!double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out failUnder) || failUnder is < 0 or > 100))
        {
            return CommandLine.UsageError(context, $"coverage: --fail-under takes a percentage from 0 to 100, not '{text}'");
        }

        if (parsed.Positional.Count == 0)
        {
            return CommandLine.UsageError(context, "coverage: give one or more scenario files");
        }

        if (SimulateCommand.LoadAll("coverage", parsed.Positional, context, out int exit) is not { } loaded)
        {
            return exit;
        }

        bool below = false;
        foreach (IGrouping<string, SimulateCommand.LoadedScenario> lifecycle in loaded.GroupBy(l => l.LifecyclePath, StringComparer.Ordinal))
        {
            LifecycleModel model = lifecycle.First().Lifecycle;
            var goals = new CoverageGoals(model);
            var covered = new HashSet<string>(StringComparer.Ordinal);
            int failed = 0;
            foreach (SimulateCommand.LoadedScenario scenario in lifecycle)
            {
                SimulateCommand.ScenarioResult result = SimulateCommand.Execute(scenario);
                failed += result.Failed > 0 ? 1 : 0;
                foreach (SimulateCommand.StepResult step in result.Steps)
                {
                    covered.UnionWith(CoverageGoals.Reached(step.Before, step.Transition, step.Fired));
                }
            }

            int transitions = goals.All.Count(g => g.Kind == "transition" && covered.Contains(g.Key));
            int timers = goals.All.Count(g => g.Kind == "timer" && covered.Contains(g.Key));
            double percent = goals.All.Count == 0 ? 100 : 100.0 * (transitions + timers) / goals.All.Count;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{model.Name} ({lifecycle.Key}): {lifecycle.Count()} scenario{(lifecycle.Count() == 1 ? "" : "s")}; transitions {transitions} of {goals.Transitions}, timers {timers} of {goals.Timers}: {percent:0.#}%{(failed > 0 ? $" ({failed} scenario{(failed == 1 ? "" : "s")} with failed expectations; run simulate)" : "")}"));
            foreach (CoverageGoal goal in goals.All.Where(g => !covered.Contains(g.Key)))
            {
                context.Out.WriteLine($"  not covered: {goal.Kind} {goal.Description} ({lifecycle.Key}, line {goal.Line})");
            }

            below |= percent < failUnder;
        }

        return below ? ExitCodes.Failure : ExitCodes.Success;
    }
}
