using System.Text;
using SessionDsl.Language.Model;
using SessionDsl.Language.Text;

namespace SessionDsl.Cli;

/// <summary>
/// A lifecycle as a Graphviz DOT digraph, the same edges as the Mermaid diagram: a start point into each initial
/// state, one solid edge per transition source labelled <c>Event [guard]</c>, one dashed edge per timer state
/// labelled <c>after X</c>, and final states drawn with a double border and an edge to an end point.
/// </summary>
internal static class DotWriter
{
    // Not C# identifiers, so no state can be named like them.
    private const string Start = "(start)";
    private const string End = "(end)";

    public static string Write(LifecycleModel lifecycle)
    {
        var text = new StringBuilder();
        text.Append("digraph ").Append(Quote(lifecycle.Name)).Append(" {\n");
        text.Append("    rankdir=LR;\n");
        text.Append("    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        text.Append("    edge [fontname=\"Helvetica\", fontsize=10];\n");
        text.Append("    ").Append(Quote(Start)).Append(" [shape=circle, style=filled, fillcolor=black, label=\"\", width=0.2];\n");
        if (lifecycle.States.Any(s => s.IsFinal))
        {
            text.Append("    ").Append(Quote(End)).Append(" [shape=doublecircle, style=filled, fillcolor=black, label=\"\", width=0.15];\n");
        }

        foreach (StateModel state in lifecycle.States)
        {
            text.Append("    ").Append(Quote(state.Name)).Append(state.IsFinal ? " [peripheries=2]" : string.Empty).Append(";\n");
        }

        foreach (StateModel state in lifecycle.States.Where(s => s.IsInitial))
        {
            text.Append("    ").Append(Quote(Start)).Append(" -> ").Append(Quote(state.Name)).Append(";\n");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (TransitionModel transition in lifecycle.Transitions)
        {
            string label = transition.Event.Name + Guard(transition.Guard);
            foreach (Named from in transition.From)
            {
                string line = $"    {Quote(from.Name)} -> {Quote(transition.To.Name)} [label={Quote(label)}];\n";
                if (seen.Add(line))
                {
                    text.Append(line);
                }
            }
        }

        foreach (TimerModel timer in lifecycle.Timers)
        {
            string label = TimerLabel(timer);
            foreach (Named state in timer.States)
            {
                text.Append("    ").Append(Quote(state.Name)).Append(" -> ").Append(Quote(timer.To.Name))
                    .Append(" [label=").Append(Quote(label)).Append(", style=dashed];\n");
            }
        }

        foreach (StateModel state in lifecycle.States.Where(s => s.IsFinal))
        {
            text.Append("    ").Append(Quote(state.Name)).Append(" -> ").Append(Quote(End)).Append(";\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary><c>after 24h</c>, and for a countdown the events that start it (<c>of first RepMessage</c>), then the guard.</summary>
    public static string TimerLabel(TimerModel timer)
    {
        var label = new StringBuilder("after ").Append(timer.After.Text);
        if (timer.Kind == TimerKindModel.Countdown)
        {
            label.Append(timer.Restart ? " of " : " of first ").Append(string.Join(" or ", timer.StartOn.Select(e => e.Name)));
        }

        return label.Append(Guard(timer.Guard)).ToString();
    }

    private static string Guard(GuardExpression? guard) => guard is null ? string.Empty : " [" + GuardFormatter.Format(guard) + "]";

    /// <summary>A DOT quoted string: only the quote and the backslash need escaping; line breaks become spaces.</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", " ").Replace("\n", " ") + "\"";
}
