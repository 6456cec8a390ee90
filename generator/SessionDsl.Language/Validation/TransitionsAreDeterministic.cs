using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Text;

namespace SessionDsl.Language.Validation;

/// <summary>
/// SDSL0040, SDSL0041: from one state on one event at most one transition may apply, whatever the options, and every
/// guard must be able to hold. Both are decided exactly, by trying every combination of the options the guards
/// involved mention (enumeration values, true/false, a duration set or absent); SDSL0045 says when that is too many.
/// </summary>
internal sealed class TransitionsAreDeterministic : IDefinitionRule
{
    /// <summary>Combinations tried for one question before giving up on it.</summary>
    internal const long MaxCombinations = 1 << 16;

    private readonly AnalysisBudget _budget;

    public TransitionsAreDeterministic(AnalysisBudget budget) => _budget = budget;

    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var logic = new GuardLogic(lifecycle);
        var diagnostics = new List<DiagnosticInfo>();
        bool limited = false;

        var satisfiable = new Dictionary<int, bool>();
        foreach (TransitionModel transition in lifecycle.Transitions)
        {
            bool? holds = Satisfiable(logic, new[] { transition.Guard }, a => GuardLogic.Holds(transition.Guard, a), out _, ref limited);
            satisfiable[transition.Index] = holds != false;
            if (holds == false)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticCatalog.NeverTaken,
                    transition.Guard?.Span ?? transition.Span,
                    $"The transition at line {DefinitionText.Line(transition.Span)} ({Describe(transition)})",
                    $"its guard '{transition.GuardText}' holds under no option values; correct or remove it"));
            }
        }

        foreach (TimerModel timer in lifecycle.Timers)
        {
            string? duration = timer.After.Option?.Name;
            bool? holds = Satisfiable(
                logic,
                new[] { timer.Guard },
                a => GuardLogic.Holds(timer.Guard, a) && (duration is null || GuardLogic.IsSet(duration, a)),
                out _,
                ref limited,
                duration is null ? null : new[] { duration });
            if (holds == false)
            {
                bool guardAlone = Satisfiable(logic, new[] { timer.Guard }, a => GuardLogic.Holds(timer.Guard, a), out _, ref limited) != false;
                string reason = guardAlone && duration is not null
                    ? $"its guard '{timer.GuardText}' holds only while '{duration}' is absent, and the timer runs only while '{duration}' is set; correct the guard or remove the timer"
                    : $"its guard '{timer.GuardText}' holds under no option values; correct or remove it";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.NeverTaken, timer.Guard?.Span ?? timer.Span, $"Timer '{timer.Name}'", reason));
            }
        }

        // Transitions grouped by (state, event), in the order they are declared.
        var groups = new Dictionary<(string State, string Event), List<TransitionModel>>();
        var order = new List<(string State, string Event)>();
        foreach (TransitionModel transition in lifecycle.Transitions.Where(t => satisfiable[t.Index]))
        {
            foreach (string state in transition.From.Select(f => f.Name).Distinct(StringComparer.Ordinal))
            {
                var key = (state, transition.Event.Name);
                if (!groups.TryGetValue(key, out var group))
                {
                    groups[key] = group = new List<TransitionModel>();
                    order.Add(key);
                }

                group.Add(transition);
            }
        }

        var reported = new HashSet<(int, int)>();
        foreach (var key in order)
        {
            var candidates = groups[key];
            for (int j = 1; j < candidates.Count && !limited; j++)
            {
                TransitionModel later = candidates[j];
                for (int i = 0; i < j && !limited; i++)
                {
                    TransitionModel earlier = candidates[i];
                    if (reported.Contains((earlier.Index, later.Index)))
                    {
                        break;
                    }

                    bool? overlap = Satisfiable(
                        logic,
                        new[] { earlier.Guard, later.Guard },
                        a => GuardLogic.Holds(earlier.Guard, a) && GuardLogic.Holds(later.Guard, a),
                        out string? witness,
                        ref limited);
                    if (overlap != true)
                    {
                        continue;
                    }

                    var before = candidates.Take(j).ToList();
                    bool? reachable = Satisfiable(
                        logic,
                        before.Select(t => t.Guard).Append(later.Guard),
                        a => GuardLogic.Holds(later.Guard, a) && !before.Any(t => GuardLogic.Holds(t.Guard, a)),
                        out _,
                        ref limited);
                    string when = witness!.Length == 0 ? "whatever the options" : $"when {witness}";
                    string advice = reachable == false
                        ? $"the one at line {Line(later)} can never be taken, because the transitions before it take every case; remove it, or narrow the earlier guard{(before.Count > 1 ? "s" : string.Empty)}"
                        : $"only the first of them would be taken; make their guards exclusive, for example by adding '{Negate(earlier)}' to the later one";
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.OverlappingTransitions, later.Event.Span, Line(earlier), Line(later), key.State, key.Event, when, advice));
                    reported.Add((earlier.Index, later.Index));
                    break;
                }
            }

            if (limited)
            {
                break;
            }
        }

        if (limited)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticCatalog.AnalysisLimited,
                lifecycle.NameSpan,
                lifecycle.Name,
                "whether its guards overlap or can hold",
                $"some guards mention more than 65,536 combinations of option values, or the definition is too large",
                "those guards were not checked"));
        }

        return diagnostics;
    }

    private static string Line(TransitionModel transition) => DefinitionText.Line(transition.Span);

    private static string Describe(TransitionModel t) => $"{string.Join(", ", t.From.Select(f => f.Name))} --{t.Event.Name}--> {t.To.Name}";

    private static string Negate(TransitionModel earlier) => earlier.Guard switch
    {
        GuardComparison c => $"{c.Option.Name} {(c.IsEqual ? "!=" : "==")} {c.Value.Name}",
        GuardOptionTest o => "not " + o.Option.Name,
        GuardNot { Operand: GuardOptionTest o } => o.Option.Name,
        _ => $"not ({earlier.GuardText})",
    };

    /// <summary>
    /// Whether some combination of the options the guards mention makes <paramref name="predicate"/> true: true (with
    /// that combination in <paramref name="witness"/>), false, or null when there are too many combinations to try.
    /// </summary>
    private bool? Satisfiable(
        GuardLogic logic,
        IEnumerable<GuardExpression?> guards,
        Func<IReadOnlyDictionary<string, string>, bool> predicate,
        out string? witness,
        ref bool limited,
        IEnumerable<string>? alsoOptions = null)
    {
        witness = null;
        var guardList = guards.ToList();
        var options = logic.Mentioned(guardList, alsoOptions);
        long combinations = logic.Combinations(options);
        if (combinations > MaxCombinations || !_budget.Spend(combinations * Math.Max(1, guardList.Count)))
        {
            limited = true;
            return null;
        }

        foreach (var assignment in logic.Assignments(options))
        {
            if (predicate(assignment))
            {
                witness = logic.Describe(assignment, options);
                return true;
            }
        }

        return false;
    }
}
