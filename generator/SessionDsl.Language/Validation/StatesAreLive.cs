using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>
/// SDSL0043, SDSL0044: every state can be reached from an initial state, and from every state a session can reach a
/// final state. Transitions and timers are the edges; under each combination of option values only those whose guard
/// holds are edges (a timer that waits for an absent duration option is none). A state is unreachable when no
/// combination reaches it, and a trap when under some combination it is reached and no final state can be reached
/// from it. Lifecycles that declare no final state are meant to run for ever and are not checked for traps.
/// </summary>
internal sealed class StatesAreLive : IDefinitionRule
{
    /// <summary>Combinations of option values tried one by one; beyond it the check assumes every guard may hold.</summary>
    internal const long MaxCombinations = 4096;

    private readonly AnalysisBudget _budget;

    public StatesAreLive(AnalysisBudget budget) => _budget = budget;

    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var diagnostics = new List<DiagnosticInfo>();
        int count = lifecycle.States.Count;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            index[lifecycle.States[i].Name] = i;
        }

        var edges = new List<(int From, int To, GuardExpression? Guard, string? Duration)>();
        foreach (TransitionModel t in lifecycle.Transitions)
        {
            foreach (Named from in t.From)
            {
                if (index.TryGetValue(from.Name, out int f) && index.TryGetValue(t.To.Name, out int to))
                {
                    edges.Add((f, to, t.Guard, null));
                }
            }
        }

        foreach (TimerModel timer in lifecycle.Timers)
        {
            foreach (Named state in timer.States)
            {
                if (index.TryGetValue(state.Name, out int f) && index.TryGetValue(timer.To.Name, out int to))
                {
                    edges.Add((f, to, timer.Guard, timer.After.Option?.Name));
                }
            }
        }

        var logic = new GuardLogic(lifecycle);
        var options = logic.Mentioned(
            lifecycle.Transitions.Select(t => t.Guard).Concat(lifecycle.Timers.Select(t => t.Guard)),
            lifecycle.Timers.Select(t => t.After.Option?.Name).OfType<string>());
        long combinations = logic.Combinations(options);
        bool exact = combinations <= MaxCombinations && _budget.Spend(combinations * (edges.Count + count + 1));

        var initials = Enumerable.Range(0, count).Where(i => lifecycle.States[i].IsInitial).ToList();
        var finals = Enumerable.Range(0, count).Where(i => lifecycle.States[i].IsFinal).ToList();
        var reachedEver = new bool[count];
        var trapWitness = new string?[count];
        var trappedWheneverReached = Enumerable.Repeat(true, count).ToArray();

        IEnumerable<IReadOnlyDictionary<string, string>?> cases = exact
            ? logic.Assignments(options).Select(a => (IReadOnlyDictionary<string, string>?)a)
            : new IReadOnlyDictionary<string, string>?[] { null };
        foreach (IReadOnlyDictionary<string, string>? assignment in cases)
        {
            var forward = new List<int>[count];
            var backward = new List<int>[count];
            for (int i = 0; i < count; i++)
            {
                forward[i] = new List<int>();
                backward[i] = new List<int>();
            }

            foreach (var edge in edges)
            {
                // Without an assignment (too many combinations) every edge is assumed: fewer findings, never a false one.
                if (assignment is null || (GuardLogic.Holds(edge.Guard, assignment) && (edge.Duration is null || GuardLogic.IsSet(edge.Duration, assignment))))
                {
                    forward[edge.From].Add(edge.To);
                    backward[edge.To].Add(edge.From);
                }
            }

            bool[] reached = Closure(initials, forward);
            bool[] finishes = Closure(finals, backward);
            string? described = null;
            for (int i = 0; i < count; i++)
            {
                if (!reached[i])
                {
                    continue;
                }

                reachedEver[i] = true;
                if (finals.Count > 0 && !finishes[i])
                {
                    trapWitness[i] ??= assignment is null ? string.Empty : described ??= logic.Describe(assignment, options);
                }
                else
                {
                    trappedWheneverReached[i] = false;
                }
            }
        }

        string initialList = string.Join(", ", initials.Select(i => lifecycle.States[i].Name));
        string finalList = string.Join(", ", finals.Select(i => lifecycle.States[i].Name));
        for (int i = 0; i < count; i++)
        {
            StateModel state = lifecycle.States[i];
            if (!reachedEver[i])
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnreachableState, state.Span, state.Name, initials.Count == 1 ? string.Empty : "s", initialList));
            }
            else if (trapWitness[i] is { } witness)
            {
                string when = witness.Length == 0 || trappedWheneverReached[i] ? "under any option values" : $"when {witness}";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.TrapState, state.Span, state.Name, finalList, when));
            }
        }

        if (!exact)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticCatalog.AnalysisLimited,
                lifecycle.NameSpan,
                lifecycle.Name,
                "which states are reachable and which are traps",
                combinations > MaxCombinations
                    ? $"its guards and timers mention {(combinations == long.MaxValue ? "too many" : combinations.ToString(System.Globalization.CultureInfo.InvariantCulture))} combinations of option values, more than {MaxCombinations.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
                    : "it has too many states, transitions and timers",
                "every guard was assumed to hold, so only states unreachable or trapped whatever the options are reported"));
        }

        return diagnostics;
    }

    private static bool[] Closure(IEnumerable<int> start, List<int>[] next)
    {
        var seen = new bool[next.Length];
        var stack = new Stack<int>();
        foreach (int s in start)
        {
            if (!seen[s])
            {
                seen[s] = true;
                stack.Push(s);
            }
        }

        while (stack.Count > 0)
        {
            foreach (int n in next[stack.Pop()])
            {
                if (!seen[n])
                {
                    seen[n] = true;
                    stack.Push(n);
                }
            }
        }

        return seen;
    }
}
