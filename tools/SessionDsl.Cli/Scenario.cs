using SessionDsl.Language.Model;
using SessionDsl.Language.Parsing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SessionDsl.Cli;

/// <summary>A scalar of the scenario file and where it is (1-based line and column).</summary>
internal sealed record Located(string Text, int Line, int Column);

/// <summary>What a step expects afterwards; each part is checked only when given.</summary>
internal sealed record Expectations(Located? Status, Located? Outcome, IReadOnlyList<Located>? Fired, Located Where);

/// <summary>One step: an event offered at the current time, or the clock moved forward by <see cref="AdvanceTicks"/>.</summary>
internal sealed record ScenarioStep(int Number, Located? Event, Located? Advance, long AdvanceTicks, Expectations? Expect)
{
    public string Describe => Event is not null ? $"event {Event.Text}" : $"advance {Advance!.Text}";
}

/// <summary>
/// A <c>sessiondsl simulate</c> scenario (docs/cli.md, "Scenario format"): a lifecycle file, option values, an
/// initial status and steps. <see cref="Read"/> checks the file's shape; <see cref="Bind"/> checks its names against
/// the lifecycle. Both report mistakes as <c>path(line,col): error: message</c>.
/// </summary>
internal sealed class Scenario
{
    private static readonly string[] TopKeys = { "name", "lifecycle", "options", "start", "steps" };
    private static readonly string[] StepKeys = { "event", "advance", "expect" };
    private static readonly string[] ExpectKeys = { "status", "outcome", "fired" };
    private static readonly string[] Outcomes = { "Applied", "NotPermitted", "GuardRejected" };

    private readonly List<string> _errors;

    private Scenario(string shownPath, List<string> errors)
    {
        ShownPath = shownPath;
        _errors = errors;
    }

    public string ShownPath { get; }

    public string? Name { get; private set; }

    public Located? Lifecycle { get; private set; }

    public IReadOnlyList<(Located Key, Located Value)> OptionValues { get; private set; } = Array.Empty<(Located, Located)>();

    public Located? Start { get; private set; }

    public IReadOnlyList<ScenarioStep> Steps { get; private set; } = Array.Empty<ScenarioStep>();

    public IReadOnlyList<string> Errors => _errors;

    public static Scenario Read(string shownPath, string text)
    {
        var scenario = new Scenario(shownPath, new List<string>());
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            scenario.Error(ex.Start.Line, ex.Start.Column, "not valid YAML: " + ex.Message);
            return scenario;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            scenario.Error(1, 1, "a scenario is one YAML mapping with the keys lifecycle, steps and optionally name, options, start");
            return scenario;
        }

        scenario.ReadTop(root);
        return scenario;
    }

    /// <summary>Checks option values, the initial status and every name against <paramref name="lifecycle"/>; null on a mistake.</summary>
    public (SimulationOptions Options, string Start)? Bind(LifecycleModel lifecycle)
    {
        int before = _errors.Count;
        var given = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach ((Located key, Located value) in OptionValues)
        {
            OptionModel? option = lifecycle.Options.FirstOrDefault(o => o.Name == key.Text);
            if (option is null)
            {
                Error(key, $"'{key.Text}' is not an option of lifecycle '{lifecycle.Name}'; its options are: {List(lifecycle.Options.Select(o => o.Name))}");
            }
            else if (TryOptionValue(option, value, out object? parsed))
            {
                given[option.Name] = parsed;
            }
        }

        string start = lifecycle.States.First(s => s.IsInitial).Name;
        if (Start is not null)
        {
            if (!lifecycle.States.Any(s => s.IsInitial && s.Name == Start.Text))
            {
                Error(Start, $"'{Start.Text}' is not an initial state of lifecycle '{lifecycle.Name}'; its initial states are: {List(lifecycle.States.Where(s => s.IsInitial).Select(s => s.Name))}");
            }

            start = Start.Text;
        }

        var events = lifecycle.EventMembers.ToHashSet(StringComparer.Ordinal);
        var statuses = lifecycle.States.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var timers = lifecycle.Timers.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (ScenarioStep step in Steps)
        {
            if (step.Event is { } e && !events.Contains(e.Text))
            {
                Error(e, $"'{e.Text}' is not an event of lifecycle '{lifecycle.Name}'; its events are: {List(lifecycle.EventMembers)}");
            }

            if (step.Expect?.Status is { } status && !statuses.Contains(status.Text))
            {
                Error(status, $"'{status.Text}' is not a state of lifecycle '{lifecycle.Name}'; its states are: {List(statuses)}");
            }

            foreach (Located timer in step.Expect?.Fired ?? Array.Empty<Located>())
            {
                if (!timers.Contains(timer.Text))
                {
                    Error(timer, $"'{timer.Text}' is not a timer of lifecycle '{lifecycle.Name}'; its timers are: {List(timers)}");
                }
            }
        }

        return _errors.Count == before ? (new SimulationOptions(lifecycle, given), start) : null;
    }

    /// <summary>An option's value as <see cref="SimulationOptions"/> takes it: a value name, "true"/"false", ticks, or null for absent.</summary>
    private bool TryOptionValue(OptionModel option, Located value, out object? parsed)
    {
        parsed = null;
        switch (option.Kind)
        {
            case OptionKindModel.Enumeration:
                if (option.Values.Contains(value.Text))
                {
                    parsed = value.Text;
                    return true;
                }

                Error(value, $"'{value.Text}' is not a value of option '{option.Name}'; its values are: {List(option.Values)}");
                return false;
            case OptionKindModel.Boolean:
                if (value.Text is "true" or "false")
                {
                    parsed = value.Text;
                    return true;
                }

                Error(value, $"option '{option.Name}' is a bool: true or false, not '{value.Text}'");
                return false;
            default:
                if (value.Text is "absent" or "null" or "~" or "")
                {
                    if (option.IsOptional)
                    {
                        return true;
                    }

                    Error(value, $"option '{option.Name}' is not optional; give it a duration");
                    return false;
                }

                long? ticks = DurationParser.TryParse(value.Text, out string? error);
                if (ticks is null)
                {
                    Error(value, $"option '{option.Name}': {error}");
                    return false;
                }

                if (ticks < option.MinTicks || ticks > (option.MaxTicks ?? DurationParser.MaxTicks))
                {
                    string min = option.MinTicks is { } m ? DurationParser.Format(m) : "0s";
                    Error(value, $"option '{option.Name}' must lie between {min} and {DurationParser.Format(option.MaxTicks ?? DurationParser.MaxTicks)}, not {value.Text}");
                    return false;
                }

                parsed = ticks;
                return true;
        }
    }

    private void ReadTop(YamlMappingNode root)
    {
        foreach ((Located key, YamlNode value) in Entries(root, TopKeys, "a scenario"))
        {
            switch (key.Text)
            {
                case "name":
                    Name = Scalar(value, "name")?.Text;
                    break;
                case "lifecycle":
                    Lifecycle = Scalar(value, "lifecycle");
                    break;
                case "start":
                    Start = Scalar(value, "start");
                    break;
                case "options":
                    if (value is YamlMappingNode options)
                    {
                        OptionValues = Entries(options, null, "options")
                            .Select(e => (e.Key, Scalar(e.Value, $"option '{e.Key.Text}'")))
                            .Where(e => e.Item2 is not null)
                            .Select(e => (e.Key, e.Item2!))
                            .ToList();
                    }
                    else if (!IsNull(value))
                    {
                        Error(value, "options is a mapping of option names to values, such as { capacityModel: TabBased }");
                    }

                    break;
                case "steps":
                    if (value is YamlSequenceNode steps)
                    {
                        Steps = steps.Children.Select((s, i) => ReadStep(s, i + 1)).OfType<ScenarioStep>().ToList();
                    }
                    else
                    {
                        Error(value, "steps is a list of steps, each '- event: Name' or '- advance: 10m'");
                    }

                    break;
            }
        }

        if (Lifecycle is null)
        {
            Error(root, "a scenario needs 'lifecycle:', the path of a *.lifecycle.yaml file relative to the scenario");
        }

        if (!root.Children.Keys.Any(k => k is YamlScalarNode { Value: "steps" }))
        {
            Error(root, "a scenario needs 'steps:', a list of events and clock moves");
        }
    }

    private ScenarioStep? ReadStep(YamlNode node, int number)
    {
        if (node is not YamlMappingNode step)
        {
            Error(node, $"step {number} is a mapping: '- event: Name' or '- advance: 10m', optionally with 'expect:'");
            return null;
        }

        Located? @event = null;
        Located? advance = null;
        long ticks = 0;
        Expectations? expect = null;
        foreach ((Located key, YamlNode value) in Entries(step, StepKeys, $"step {number}"))
        {
            switch (key.Text)
            {
                case "event":
                    @event = Scalar(value, "event");
                    break;
                case "advance":
                    advance = Scalar(value, "advance");
                    if (advance is not null)
                    {
                        ticks = DurationParser.TryParse(advance.Text, out string? error) ?? 0;
                        if (error is not null)
                        {
                            Error(advance, "advance: " + error);
                        }
                    }

                    break;
                case "expect":
                    expect = ReadExpect(value);
                    break;
            }
        }

        if ((@event is null) == (advance is null))
        {
            Error(step, $"step {number} has exactly one of 'event:' and 'advance:'");
            return null;
        }

        if (advance is not null && expect?.Outcome is { } outcome)
        {
            Error(outcome, "'outcome:' is the result of an event; an 'advance:' step has none");
        }

        return new ScenarioStep(number, @event, advance, ticks, expect);
    }

    private Expectations? ReadExpect(YamlNode node)
    {
        if (node is not YamlMappingNode expect)
        {
            Error(node, "expect is a mapping with status, outcome and/or fired");
            return null;
        }

        Located? status = null;
        Located? outcome = null;
        List<Located>? fired = null;
        foreach ((Located key, YamlNode value) in Entries(expect, ExpectKeys, "expect"))
        {
            switch (key.Text)
            {
                case "status":
                    status = Scalar(value, "status");
                    break;
                case "outcome":
                    outcome = Scalar(value, "outcome");
                    if (outcome is not null && !Outcomes.Contains(outcome.Text))
                    {
                        Error(outcome, $"'{outcome.Text}' is not an outcome; outcomes are: {List(Outcomes)}");
                    }

                    break;
                case "fired":
                    if (value is YamlSequenceNode list)
                    {
                        fired = list.Children.Select(c => Scalar(c, "a fired timer")).OfType<Located>().ToList();
                    }
                    else if (Scalar(value, "fired") is { } one)
                    {
                        fired = new List<Located> { one };
                    }

                    break;
            }
        }

        return new Expectations(status, outcome, fired, At(expect));
    }

    /// <summary>A mapping's entries with scalar keys; unknown keys (when <paramref name="known"/> is given) and repeated keys are errors.</summary>
    private List<(Located Key, YamlNode Value)> Entries(YamlMappingNode mapping, string[]? known, string what)
    {
        var entries = new List<(Located, YamlNode)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Children)
        {
            if (Scalar(entry.Key, "a key") is not { } key)
            {
                continue;
            }

            if (!seen.Add(key.Text))
            {
                Error(key, $"'{key.Text}' is given twice in {what}");
            }
            else if (known is not null && !known.Contains(key.Text))
            {
                Error(key, $"unknown key '{key.Text}' in {what}; the keys are: {List(known)}");
            }
            else
            {
                entries.Add((key, entry.Value));
            }
        }

        return entries;
    }

    private Located? Scalar(YamlNode node, string what)
    {
        if (node is YamlScalarNode scalar)
        {
            return new Located(scalar.Value ?? string.Empty, (int)node.Start.Line, (int)node.Start.Column);
        }

        Error(node, $"{what} is a single value, not a list or mapping");
        return null;
    }

    private static bool IsNull(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null" };

    private static Located At(YamlNode node) => new(string.Empty, (int)node.Start.Line, (int)node.Start.Column);

    private static string List(IEnumerable<string> names) => string.Join(", ", names);

    private void Error(YamlNode node, string message) => Error(At(node), message);

    private void Error(Located where, string message) => Error(where.Line, where.Column, message);

    private void Error(long line, long column, string message) => _errors.Add($"{ShownPath}({line},{column}): error: {message}");
}
