using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>
/// SDSL0046: in-state timers that lead back round to a state they started from. Each restarts the next on entry, so a
/// session would go round the loop on its own, with no event, for as long as no event comes: one turn per loop's
/// length, and a clock that jumps by a year would fire them millions of times. Guards are taken as possibly holding.
/// A countdown stops when it fires, so it cannot go round a loop by itself.
/// </summary>
internal sealed class TimersDoNotLoop : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var edges = new Dictionary<string, List<TimerModel>>(StringComparer.Ordinal);
        foreach (TimerModel timer in lifecycle.Timers.Where(t => t.Kind == TimerKindModel.InState))
        {
            foreach (Named state in timer.States)
            {
                if (!edges.TryGetValue(state.Name, out List<TimerModel>? list))
                {
                    edges[state.Name] = list = new List<TimerModel>();
                }

                list.Add(timer);
            }
        }

        // The first loop found, from the states in declaration order; one diagnostic, at the timer that closes it.
        foreach (StateModel start in lifecycle.States)
        {
            if (FindLoop(start.Name, edges) is { Count: > 0 } loop)
            {
                TimerModel closing = loop[loop.Count - 1];
                string path = string.Join(", ", loop.Select(t => $"'{t.Name}' ({string.Join("/", t.States.Select(s => s.Name))} -> {t.To.Name})"));
                yield return DiagnosticInfo.Create(DiagnosticCatalog.TimerLoop, closing.Span, closing.Name, path, start.Name);
                yield break;
            }
        }
    }

    /// <summary>Timers leading from <paramref name="start"/> back to it, or null: a depth-first search over the timer graph.</summary>
    private static List<TimerModel>? FindLoop(string start, Dictionary<string, List<TimerModel>> edges)
    {
        var path = new List<TimerModel>();
        var visited = new HashSet<string>(StringComparer.Ordinal);

        bool Walk(string state)
        {
            if (!edges.TryGetValue(state, out List<TimerModel>? timers))
            {
                return false;
            }

            foreach (TimerModel timer in timers)
            {
                path.Add(timer);
                if (timer.To.Name == start || (visited.Add(timer.To.Name) && Walk(timer.To.Name)))
                {
                    return true;
                }

                path.RemoveAt(path.Count - 1);
            }

            return false;
        }

        visited.Add(start);
        return Walk(start) ? path : null;
    }
}
