using System.Text;
using SessionDsl.Language.Model;
using SessionDsl.Language.Text;

namespace SessionDsl.Emission;

/// <summary>A lifecycle as a Mermaid <c>stateDiagram-v2</c>: one edge per transition source and timer, guards in brackets.</summary>
public static class MermaidWriter
{
    public static string Write(LifecycleModel lifecycle)
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        foreach (StateModel state in lifecycle.States.Where(s => s.IsInitial))
        {
            text.Append("    [*] --> ").Append(state.Name).Append('\n');
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (TransitionModel transition in lifecycle.Transitions)
        {
            string label = transition.Event.Name + Guard(transition.Guard);
            foreach (Named from in transition.From)
            {
                string line = $"    {from.Name} --> {transition.To.Name} : {label}";
                if (seen.Add(line))
                {
                    text.Append(line).Append('\n');
                }
            }
        }

        foreach (TimerModel timer in lifecycle.Timers)
        {
            string startedBy = timer.Kind switch
            {
                TimerKindModel.Countdown => (timer.Restart ? " of " : " of first ") + string.Join(" or ", timer.StartOn.Select(e => e.Name)),
                TimerKindModel.InState => string.Empty,
            };
            string label = $"after {timer.After.Text}{startedBy}{Guard(timer.Guard)}";
            foreach (Named state in timer.States)
            {
                text.Append("    ").Append(state.Name).Append(" --> ").Append(timer.To.Name).Append(" : ").Append(label).Append('\n');
            }
        }

        foreach (StateModel state in lifecycle.States.Where(s => s.IsFinal))
        {
            text.Append("    ").Append(state.Name).Append(" --> [*]\n");
        }

        return text.ToString();
    }

    // Mermaid ends a label at ':' and ';' and reads '#' as an entity: keep guards to words and operators.
    private static string Guard(GuardExpression? guard) =>
        guard is null ? string.Empty : " [" + GuardFormatter.Format(guard).Replace(":", " ").Replace(";", " ").Replace("#", " ") + "]";
}
