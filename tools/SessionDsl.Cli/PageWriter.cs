using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using SessionDsl.Emission;
using SessionDsl.Language.Model;
using SessionDsl.Language.Parsing;
using SessionDsl.Language.Validation;

namespace SessionDsl.Cli;

/// <summary>
/// One self-contained HTML page per lifecycle (<c>sessiondsl page</c>): the diagram drawn by the Mermaid library the
/// tool carries (npm's <c>mermaid</c>, inlined: no network when the page is viewed), the options, buttons for the events
/// permitted now, a clock to move, the running timers and the next deadline, and a log. The lifecycle goes into the
/// page as JSON with every guard decided for every combination of option values by <see cref="GuardLogic"/>, so the
/// page's script (Page/page.js) runs only the semantics, as <see cref="Simulator"/> does.
/// </summary>
internal static class PageWriter
{
    public static string Write(LifecycleModel lifecycle, string source)
    {
        var logic = new GuardLogic(lifecycle);
        IEnumerable<GuardExpression?> guards = lifecycle.Transitions.Select(t => t.Guard).Concat(lifecycle.Timers.Select(t => t.Guard));
        IReadOnlyList<string> mentioned = logic.Mentioned(guards);
        List<Dictionary<string, string>> assignments = logic.Assignments(mentioned).Select(a => new Dictionary<string, string>(a, StringComparer.Ordinal)).ToList();
        string Key(Dictionary<string, string> assignment) => string.Join("|", mentioned.Select(m => assignment[m]));
        string[]? Holds(GuardExpression? guard) => guard is null ? null : assignments.Where(a => GuardLogic.Holds(guard, a)).Select(Key).ToArray();

        var model = new
        {
            name = lifecycle.Name,
            description = lifecycle.Description,
            diagram = MermaidWriter.Write(lifecycle),
            mentioned,
            states = lifecycle.States.Select(s => new { name = s.Name, initial = s.IsInitial, final = s.IsFinal }),
            options = lifecycle.Options.Select(o => new
            {
                name = o.Name,
                kind = o.Kind switch { OptionKindModel.Enumeration => "enum", OptionKindModel.Boolean => "bool", OptionKindModel.Duration => "duration" },
                values = o.Values.ToArray(),
                @default = o.Kind == OptionKindModel.Duration ? o.DefaultTicks is { } d ? DurationParser.Format(d) : null : o.Default,
                minMs = (o.MinTicks ?? 0) / TimeSpan.TicksPerMillisecond,
                maxMs = (o.MaxTicks ?? DurationParser.MaxTicks) / TimeSpan.TicksPerMillisecond,
                optional = o.IsOptional,
                description = o.Description,
            }),
            transitions = lifecycle.Transitions.Select(t => new { from = t.From.Select(f => f.Name), @event = t.Event.Name, to = t.To.Name, guard = t.GuardText, holds = Holds(t.Guard) }),
            timers = lifecycle.Timers.Select(t => new
            {
                name = t.Name,
                kind = t.Kind switch { TimerKindModel.Countdown => "Countdown", TimerKindModel.InState => "InState" },
                states = t.States.Select(s => s.Name),
                afterMs = t.After.LiteralTicks / TimeSpan.TicksPerMillisecond,
                afterOption = t.After.Option?.Name,
                to = t.To.Name,
                holds = Holds(t.Guard),
                startOn = t.StartOn.Select(e => e.Name),
                cancelOn = t.CancelOn.Select(e => e.Name),
                restart = t.Restart,
                slot = t.CountdownSlot,
            }),
        };

        // The default encoder writes <, > and & as \u003C and so on: the JSON cannot close its script element.
        string json = JsonSerializer.Serialize(model);
        var html = new StringBuilder();
        string title = WebUtility.HtmlEncode(lifecycle.Name);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<title>").Append(title).Append(" (SessionDsl lifecycle)</title>\n");
        html.Append("<meta name=\"generator\" content=\"sessiondsl page ").Append(WebUtility.HtmlEncode(CommandLine.Version)).Append("\">\n");
        html.Append("<style>\n").Append(Resource("page.css")).Append("</style>\n</head>\n<body>\n");
        html.Append("<header><h1>").Append(title).Append("</h1><p>").Append(WebUtility.HtmlEncode(lifecycle.Description)).Append("</p><p class=\"source\">")
            .Append(WebUtility.HtmlEncode(source)).Append("</p></header>\n<main>\n<section id=\"controls\">\n");
        html.Append("<h2>Options</h2>\n<form id=\"options\" onsubmit=\"return false\">\n");
        foreach (OptionModel option in lifecycle.Options)
        {
            string name = WebUtility.HtmlEncode(option.Name);
            html.Append("<label title=\"").Append(WebUtility.HtmlEncode(option.Description)).Append("\"><span>").Append(name).Append("</span> ");
            switch (option.Kind)
            {
                case OptionKindModel.Enumeration:
                    html.Append("<select data-option=\"").Append(name).Append("\">");
                    foreach (string value in option.Values)
                    {
                        html.Append("<option").Append(value == (option.Default ?? option.Values[0]) ? " selected" : "").Append('>').Append(WebUtility.HtmlEncode(value)).Append("</option>");
                    }

                    html.Append("</select>");
                    break;
                case OptionKindModel.Boolean:
                    html.Append("<input type=\"checkbox\" data-option=\"").Append(name).Append('"').Append(option.Default == "true" ? " checked" : "").Append('>');
                    break;
                case OptionKindModel.Duration:
                    long? initialTicks = option.DefaultTicks ?? option.MinTicks;
                    html.Append("<input type=\"text\" size=\"8\" data-option=\"").Append(name).Append("\" value=\"").Append(initialTicks is { } v ? DurationParser.Format(v) : "").Append('"')
                        .Append(option.DefaultTicks is null && option.IsOptional ? " disabled" : "").Append('>');
                    if (option.IsOptional)
                    {
                        html.Append(" <label class=\"absent\"><input type=\"checkbox\" data-absent=\"").Append(name).Append('"').Append(option.DefaultTicks is null ? " checked" : "").Append("> absent</label>");
                    }

                    break;
                default:
                    throw new InvalidOperationException($"option kind {option.Kind}");
            }

            html.Append("</label>\n");
        }

        html.Append("<label><span>start in</span> <select id=\"initial\">");
        foreach (StateModel state in lifecycle.States.Where(s => s.IsInitial))
        {
            html.Append("<option>").Append(WebUtility.HtmlEncode(state.Name)).Append("</option>");
        }

        html.Append("</select></label>\n<button id=\"start\" type=\"button\">Start a new session</button>\n</form>\n<p id=\"error\" role=\"alert\"></p>\n");
        html.Append("<h2>Session</h2>\n<p>Status: <strong id=\"status\"></strong> at <strong id=\"clock\"></strong></p>\n");
        html.Append("<div id=\"events\">");
        foreach (string @event in lifecycle.EventMembers)
        {
            string name = WebUtility.HtmlEncode(@event);
            html.Append("<button type=\"button\" data-event=\"").Append(name).Append("\">").Append(name).Append("</button>");
        }

        html.Append("</div>\n<h2>Clock</h2>\n<p><input id=\"advance-by\" type=\"text\" size=\"8\" value=\"1m\"> <button id=\"advance\" type=\"button\">Move the clock</button> ");
        html.Append("<button id=\"next\" type=\"button\">To the next deadline</button></p>\n");
        html.Append("<p>Next deadline: <strong id=\"next-deadline\"></strong></p>\n<ul id=\"timers\"></ul>\n");
        html.Append("<h2>Log</h2>\n<ol id=\"log\"></ol>\n</section>\n<section id=\"diagram\" aria-label=\"state diagram\"></section>\n</main>\n");
        html.Append("<script type=\"application/json\" id=\"lifecycle\">").Append(json).Append("</script>\n");
        html.Append("<!-- mermaid ").Append(MermaidVersion).Append(" (MIT licence, https://github.com/mermaid-js/mermaid), inlined so that the page needs no network -->\n");
        html.Append("<script>").Append(Resource("mermaid.min.js")).Append("\n</script>\n");
        html.Append("<script>\n").Append(Resource("page.js")).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The version of the Mermaid library the tool carries (tools/SessionDsl.Cli/Page, from npm).</summary>
    public const string MermaidVersion = "12.3.0";

    private static string Resource(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SessionDsl.Cli.Page." + name)
            ?? throw new InvalidOperationException($"The tool was built without its page resource {name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
