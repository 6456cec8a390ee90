using SessionDsl.Language.Model;
using SessionDsl.Language.Validation;

namespace SessionDsl.Cli;

/// <summary>A step of a generated path: an event, or the clock moved to the next deadline; with what the simulator did.</summary>
internal sealed record PathStep(string? Event, long AdvanceTicks, string Status, string? Outcome, IReadOnlyList<string> Fired);

/// <summary>A generated scenario: the options, the initial state, the steps, and the goals it covers first.</summary>
internal sealed record GeneratedPath(IReadOnlyDictionary<string, string> Options, string Start, IReadOnlyList<PathStep> Steps, IReadOnlyList<CoverageGoal> Covers);

/// <summary>
/// What <see cref="PathFinder"/> found for one lifecycle: the paths; the option combinations run (one of each set that
/// decides every guard alike) out of all; per combination the goals no path reaches; the goals no combination reaches.
/// </summary>
internal sealed record PathPlan(IReadOnlyList<GeneratedPath> Paths, int Combinations, long AllCombinations, IReadOnlyList<(string Combination, CoverageGoal Goal)> Unreached, IReadOnlyList<CoverageGoal> NeverReached);

/// <summary>
/// Model-based test generation for <c>sessiondsl paths</c>: for every combination of the values of the options the
/// guards and timers depend on (<see cref="GuardLogic"/>'s domains; a duration set takes its default, or its minimum),
/// a few event paths, with the clock moved to each next deadline where a timer is wanted, that together cover every
/// transition from each source state and every timer in each state that the combination lets happen.
/// </summary>
/// <remarks>
/// Greedy: from the session's current state, a breadth-first search over (status, running countdowns) finds the
/// nearest step that reaches a goal not covered yet; the path grows until no such step is reachable, then a new path
/// starts from an initial state. Every step is run on <see cref="Simulator"/>, so a path's expectations are what the
/// semantics give, and a goal counts only when a run reaches it.
/// </remarks>
internal static class PathFinder
{
    private const int MaxSteps = 200;
    private const int MaxPathsPerCombination = 64;
    private const int MaxCombinations = 256; // distinct ones, run; past it the rest are skipped and reported

    public static PathPlan Plan(LifecycleModel lifecycle)
    {
        var logic = new GuardLogic(lifecycle);
        IEnumerable<GuardExpression?> guards = lifecycle.Transitions.Select(t => t.Guard).Concat(lifecycle.Timers.Select(t => t.Guard));
        IEnumerable<string> durations = lifecycle.Timers.Where(t => t.After.Option is not null).Select(t => t.After.Option!.Value.Name);
        IReadOnlyList<string> options = logic.Mentioned(guards, durations);
        var goals = new CoverageGoals(lifecycle);
        var paths = new List<GeneratedPath>();
        var unreached = new List<(string, CoverageGoal)>();
        int combinations = 0;
        var signatures = new HashSet<string>(StringComparer.Ordinal);
        var reachedSomewhere = new HashSet<string>(StringComparer.Ordinal);
        foreach (Dictionary<string, string> assignment in logic.Assignments(options))
        {
            // Values that decide every guard and every duration's presence alike make the same lifecycle: run one.
            string signature = string.Concat(lifecycle.Transitions.Select(t => GuardLogic.Holds(t.Guard, assignment) ? '1' : '0'))
                + string.Concat(lifecycle.Timers.Select(t => GuardLogic.Holds(t.Guard, assignment) ? '1' : '0'))
                + string.Concat(durations.Distinct().Select(d => assignment[d] == GuardLogic.Absent ? 'a' : 's'));
            if (!signatures.Add(signature) || combinations == MaxCombinations)
            {
                continue;
            }

            combinations++;
            Dictionary<string, string> shown = options.ToDictionary(o => o, o => Show(lifecycle, o, assignment[o]), StringComparer.Ordinal);
            var simulation = new SimulationOptions(lifecycle, Given(lifecycle, options, assignment));
            var covered = new HashSet<string>(StringComparer.Ordinal);
            for (int n = 0; n < MaxPathsPerCombination; n++)
            {
                GeneratedPath? path = lifecycle.States.Where(s => s.IsInitial)
                    .Select(start => Grow(lifecycle, simulation, start.Name, covered, goals, shown))
                    .FirstOrDefault(p => p is not null);
                if (path is null)
                {
                    break;
                }

                paths.Add(path);
            }

            string combination = shown.Count == 0 ? "(no options)" : string.Join(", ", shown.Select(p => $"{p.Key}={p.Value}"));
            unreached.AddRange(goals.All.Where(g => !covered.Contains(g.Key)).Select(g => (combination, g)));
            reachedSomewhere.UnionWith(covered);
        }

        return new PathPlan(paths, combinations, logic.Combinations(options), unreached, [.. goals.All.Where(g => !reachedSomewhere.Contains(g.Key))]);
    }

    /// <summary>One path from <paramref name="start"/>, as long as it keeps reaching new goals; null when it reaches none.</summary>
    private static GeneratedPath? Grow(LifecycleModel lifecycle, SimulationOptions options, string start, HashSet<string> covered, CoverageGoals goals, IReadOnlyDictionary<string, string> shown)
    {
        var steps = new List<Move>();
        var firstCovered = new List<CoverageGoal>();
        while (steps.Count < MaxSteps && Nearest(lifecycle, options, start, steps, covered) is { } found)
        {
            steps.AddRange(found);
            Replay(lifecycle, options, start, steps, covered, firstCovered, goals);
        }

        if (firstCovered.Count == 0)
        {
            return null;
        }

        return new GeneratedPath(shown, start, Describe(lifecycle, options, start, steps), firstCovered);
    }

    /// <summary>A move: an event, or (null) the clock moved to the next deadline.</summary>
    private readonly record struct Move(string? Event);

    /// <summary>
    /// The shortest list of moves from the end of <paramref name="prefix"/> whose last move reaches a goal not in
    /// <paramref name="covered"/>; one that leaves the session in a state that is not final is preferred when it is at
    /// most two moves longer, so that a path goes on covering instead of ending.
    /// </summary>
    private static List<Move>? Nearest(LifecycleModel lifecycle, SimulationOptions options, string start, List<Move> prefix, HashSet<string> covered)
    {
        var moves = lifecycle.EventMembers.Select(e => new Move(e)).Append(new Move(null)).ToArray();
        var finals = lifecycle.States.Where(s => s.IsFinal).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var queue = new Queue<List<Move>>();
        var seen = new HashSet<(string, int)>();
        queue.Enqueue([]);
        (Simulator first, _) = Run(lifecycle, options, start, prefix);
        seen.Add((first.Status, first.RunningCountdowns));
        List<Move>? ending = null;
        while (queue.Count > 0 && seen.Count < 10_000)
        {
            List<Move> tail = queue.Dequeue();
            if (ending is not null && tail.Count + 1 > ending.Count + 2)
            {
                break;
            }

            foreach (Move move in moves)
            {
                List<Move> next = [.. tail, move];
                (Simulator simulator, List<string>? reached) = Run(lifecycle, options, start, [.. prefix, .. next]);
                if (reached is null)
                {
                    continue; // the move did nothing (no deadline, or an event refused)
                }

                if (reached.Any(g => !covered.Contains(g)))
                {
                    if (!finals.Contains(simulator.Status))
                    {
                        return next;
                    }

                    ending ??= next;
                }

                if (seen.Add((simulator.Status, simulator.RunningCountdowns)))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return ending;
    }

    /// <summary>Runs the moves; the goals the last one reached, or null when it changed nothing.</summary>
    private static (Simulator Simulator, List<string>? LastReached) Run(LifecycleModel lifecycle, SimulationOptions options, string start, List<Move> moves)
    {
        var simulator = new Simulator(lifecycle, options, start, now: 0);
        long now = 0;
        List<string>? last = null;
        foreach (Move move in moves)
        {
            (last, now) = Step(simulator, move, now);
        }

        return (simulator, last);
    }

    private static (List<string>? Reached, long Now) Step(Simulator simulator, Move move, long now)
    {
        var fired = new List<FiredTimer>();
        string before = simulator.Status;
        if (move.Event is { } e)
        {
            EventResult result = simulator.Apply(e, now, fired);
            return result.Transition is null && fired.Count == 0 ? (null, now) : (CoverageGoals.Reached(before, result.Transition, fired).ToList(), now);
        }

        if (simulator.NextDue is not { } due)
        {
            return (null, now);
        }

        now = Math.Max(now, due);
        simulator.Advance(now, fired);
        return (CoverageGoals.Reached(before, null, fired).ToList(), now);
    }

    private static void Replay(LifecycleModel lifecycle, SimulationOptions options, string start, List<Move> moves, HashSet<string> covered, List<CoverageGoal> firstCovered, CoverageGoals goals)
    {
        var simulator = new Simulator(lifecycle, options, start, now: 0);
        long now = 0;
        foreach (Move move in moves)
        {
            (List<string>? reached, now) = Step(simulator, move, now);
            foreach (string key in reached ?? [])
            {
                if (covered.Add(key))
                {
                    firstCovered.Add(goals.All.First(g => g.Key == key));
                }
            }
        }
    }

    /// <summary>The moves as scenario steps, with what the simulator did after each (the scenario's expectations).</summary>
    private static List<PathStep> Describe(LifecycleModel lifecycle, SimulationOptions options, string start, List<Move> moves)
    {
        var simulator = new Simulator(lifecycle, options, start, now: 0);
        long now = 0;
        var steps = new List<PathStep>();
        foreach (Move move in moves)
        {
            var fired = new List<FiredTimer>();
            if (move.Event is { } e)
            {
                EventResult result = simulator.Apply(e, now, fired);
                steps.Add(new PathStep(e, 0, simulator.Status, result.Outcome, fired.Select(f => f.Timer).ToList()));
            }
            else
            {
                long due = simulator.NextDue ?? now;
                long advance = Math.Max(0, due - now);
                now += advance;
                simulator.Advance(now, fired);
                steps.Add(new PathStep(null, advance, simulator.Status, null, fired.Select(f => f.Timer).ToList()));
            }
        }

        return steps;
    }

    /// <summary>An assignment of <see cref="GuardLogic"/>'s domain values as the simulator's option values.</summary>
    private static Dictionary<string, object?> Given(LifecycleModel lifecycle, IReadOnlyList<string> names, Dictionary<string, string> assignment)
    {
        var given = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            OptionModel option = lifecycle.Options.First(o => o.Name == name);
            given[name] = option.Kind == OptionKindModel.Duration
                ? assignment[name] == GuardLogic.Absent ? null : SetDuration(option)
                : assignment[name];
        }

        return given;
    }

    /// <summary>A duration option that is set takes its default, else its minimum, else one minute.</summary>
    private static long SetDuration(OptionModel option) => option.DefaultTicks ?? option.MinTicks ?? TimeSpan.TicksPerMinute;

    private static string Show(LifecycleModel lifecycle, string name, string value)
    {
        OptionModel option = lifecycle.Options.First(o => o.Name == name);
        return option.Kind != OptionKindModel.Duration ? value
            : value == GuardLogic.Absent ? "absent"
            : Language.Parsing.DurationParser.Format(SetDuration(option));
    }
}
