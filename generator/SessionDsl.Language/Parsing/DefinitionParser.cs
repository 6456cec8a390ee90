using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Text;

namespace SessionDsl.Language.Parsing;

/// <summary>
/// From a definition's YAML to a <see cref="LifecycleModel"/>: shapes and spellings only. Whether the names refer to
/// anything is for <see cref="Validation.DefinitionValidator"/>.
/// </summary>
public static class DefinitionParser
{
    internal static readonly string[] TopLevelKeys =
        { "lifecycle", "namespace", "description", "platform", "statusType", "eventType", "options", "states", "events", "transitions", "timers", "rules" };

    private static readonly string[] TypeKeys = { "name", "members", "platforms" };
    private static readonly string[] MemberKeys = { "name", "platforms" };
    private static readonly string[] OptionKeys = { "type", "description", "values", "enumType", "default", "optional", "min", "max" };
    private static readonly string[] StateKeys = { "description", "initial", "final" };
    private static readonly string[] EventKeys = { "description" };
    private static readonly string[] TransitionKeys = { "from", "on", "to", "when", "because" };
    private static readonly string[] TimerKeys = { "name", "in", "after", "to", "when", "because", "countdown" };
    private static readonly string[] CountdownKeys = { "start", "cancel", "restart" };

    /// <summary>The keys that say what a rule requires; a rule has exactly one of them (SDSL0024).</summary>
    private static readonly (string Key, RuleKindModel Kind)[] RuleKinds =
    {
        ("requireOthersIn", RuleKindModel.RequireOthersIn),
        ("deleteOnlyIn", RuleKindModel.DeleteOnlyIn),
        ("mergeRepeatedIn", RuleKindModel.MergeRepeatedIn),
    };

    private static readonly string[] RuleKeys = new[] { "name" }.Concat(RuleKinds.Select(k => k.Key)).Concat(new[] { "on", "because" }).ToArray();

    /// <summary>"'requireOthersIn:', 'deleteOnlyIn:' or 'mergeRepeatedIn:'", for messages.</summary>
    private static readonly string RuleKindKeys =
        string.Join(", ", RuleKinds.Take(RuleKinds.Length - 1).Select(k => $"'{k.Key}:'")) + $" or '{RuleKinds[RuleKinds.Length - 1].Key}:'";

    /// <summary>Parses <paramref name="text"/>; returns null when the file is not a readable definition at all.</summary>
    public static LifecycleModel? Parse(string path, string text, List<DiagnosticInfo> diagnostics)
    {
        int before = diagnostics.Count;
        YamlSyntaxNode? root = YamlSyntaxReader.Read(path, text, diagnostics);
        if (root is null)
        {
            if (diagnostics.Count == before)
            {
                // An empty or comment-only file would otherwise vanish from the build without a word.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingKey, SourceSpan.FileStart(path), "The definition is empty: it", "lifecycle"));
            }

            return null;
        }

        if (root is not MappingSyntax top)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, root.Span, "A lifecycle definition", $"a mapping with 'lifecycle:', 'states:', 'transitions:' and so on, not {root.Describe()}"));
            return null;
        }

        var reader = new MappingReader(top, "the lifecycle definition", TopLevelKeys, diagnostics);
        ScalarSyntax? nameNode = reader.Scalar("lifecycle", required: true, "the lifecycle's name");
        string name = nameNode?.Value ?? System.IO.Path.GetFileName(path).Split('.')[0];
        string ns = reader.Text("namespace", required: true) ?? "SessionDsl.Generated";

        var options = ReadOptions(reader.Mapping("options", required: false), diagnostics);
        var states = ReadStates(reader.Mapping("states", required: true), diagnostics);
        var events = ReadEvents(reader.Mapping("events", required: true), diagnostics);
        var transitions = ReadTransitions(reader.Sequence("transitions"), diagnostics);
        var timers = ReadTimers(reader.Sequence("timers"), diagnostics);
        var rules = ReadRules(reader.Sequence("rules"), diagnostics);
        ScalarSyntax? platformNode = reader.Scalar("platform", required: false, "text");

        return new LifecycleModel(
            name,
            ns,
            reader.Text("description", required: false) ?? string.Empty,
            platformNode is { IsNull: false } ? platformNode.Value : null,
            path,
            nameNode?.Span ?? top.Span,
            ReadType(reader, "statusType", name + "Status", diagnostics),
            ReadType(reader, "eventType", name + "Event", diagnostics),
            options,
            states,
            events,
            transitions,
            timers,
            rules,
            platformNode?.Span ?? default);
    }

    private static SharedTypeRef ReadType(MappingReader parent, string key, string fallbackName, List<DiagnosticInfo> diagnostics)
    {
        YamlSyntaxNode? node = parent.Get(key);
        switch (node)
        {
            case null:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingKey, parent.Node.Span, parent.Context, key));
                return new SharedTypeRef(fallbackName, EquatableArray<Named>.Empty, parent.Node.Span);
            case ScalarSyntax { IsNull: false } scalar:
                return new SharedTypeRef(scalar.Value, EquatableArray<Named>.Empty, scalar.Span);
            case MappingSyntax mapping:
                var reader = new MappingReader(mapping, $"'{key}'", TypeKeys, diagnostics);
                ScalarSyntax? typeName = reader.Scalar("name", required: true, "the type's name");
                var (members, restrictions) = ReadMembers(reader, diagnostics);
                return new SharedTypeRef(typeName?.Value ?? fallbackName, members, typeName?.Span ?? mapping.Span, reader.Names("platforms", required: false), restrictions);
            default:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, node.Span, key, $"a type name, or a mapping with 'name:' and 'members:', not {node.Describe()}"));
                return new SharedTypeRef(fallbackName, EquatableArray<Named>.Empty, node.Span);
        }
    }

    /// <summary>
    /// A shared type's <c>members:</c>: names, each either plain (on every platform) or
    /// <c>{ name: Consent, platforms: [enhanced] }</c> (only on the platforms listed).
    /// </summary>
    private static (EquatableArray<Named> Members, EquatableArray<MemberPlatforms> Restrictions) ReadMembers(MappingReader reader, List<DiagnosticInfo> diagnostics)
    {
        if (reader.Get("members") is not SequenceSyntax list)
        {
            return (reader.Names("members", required: false), EquatableArray<MemberPlatforms>.Empty);
        }

        var members = new List<Named>();
        var restrictions = new List<MemberPlatforms>();
        foreach (YamlSyntaxNode item in list.Items)
        {
            switch (item)
            {
                case ScalarSyntax { IsNull: false } scalar:
                    members.Add(new Named(scalar.Value, scalar.Span));
                    break;
                case MappingSyntax mapping:
                    var memberReader = new MappingReader(mapping, "a member", MemberKeys, diagnostics);
                    ScalarSyntax? name = memberReader.Scalar("name", required: true, "the member's name");
                    var platforms = memberReader.Names("platforms", required: true);
                    if (name is not null)
                    {
                        members.Add(new Named(name.Value, name.Span));
                        if (!platforms.IsEmpty)
                        {
                            restrictions.Add(new MemberPlatforms(name.Value, platforms));
                        }
                    }

                    break;
                default:
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, item.Span, "members", $"a list of names, or of '{{ name: Member, platforms: [platform] }}' for members that exist only on some platforms, and this item is {item.Describe()}"));
                    break;
            }
        }

        return (members.ToEquatableArray(), restrictions.ToEquatableArray());
    }

    private static EquatableArray<OptionModel> ReadOptions(MappingSyntax? node, List<DiagnosticInfo> diagnostics)
    {
        var result = new List<OptionModel>();
        foreach (var (key, value) in Entries(node, "Option", diagnostics))
        {
            if (value is not MappingSyntax mapping)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, value.Span, key.Value, $"a mapping with 'type:' (enum, bool or duration) and its settings, not {value.Describe()}"));
                continue;
            }

            var reader = new MappingReader(mapping, $"option '{key.Value}'", OptionKeys, diagnostics);
            ScalarSyntax? typeNode = reader.Scalar("type", required: true, "enum, bool or duration");
            string description = reader.Text("description", required: false) ?? string.Empty;
            OptionKindModel kind;
            switch (typeNode?.Value)
            {
                case "enum":
                    kind = OptionKindModel.Enumeration;
                    break;
                case "bool" or "boolean":
                    kind = OptionKindModel.Boolean;
                    break;
                case "duration":
                    kind = OptionKindModel.Duration;
                    break;
                case null:
                    continue;
                default:
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, typeNode.Span, "type", $"enum, bool or duration, not '{typeNode.Value}'"));
                    continue;
            }

            ScalarSyntax? defaultNode = reader.Scalar("default", required: false);
            string? defaultText = defaultNode is { IsNull: false } ? defaultNode.Value : null;
            long? defaultTicks = null, minTicks = null, maxTicks = null;
            bool optional = false;
            EquatableArray<string> values = EquatableArray<string>.Empty;
            string? enumType = null;

            ForbidUnless(reader, kind == OptionKindModel.Enumeration, "values", "enum options", diagnostics);
            ForbidUnless(reader, kind == OptionKindModel.Enumeration, "enumType", "enum options", diagnostics);
            ForbidUnless(reader, kind == OptionKindModel.Duration, "min", "duration options", diagnostics);
            ForbidUnless(reader, kind == OptionKindModel.Duration, "max", "duration options", diagnostics);
            ForbidUnless(reader, kind == OptionKindModel.Duration, "optional", "duration options", diagnostics);

            switch (kind)
            {
                case OptionKindModel.Enumeration:
                    var valueNames = reader.Names("values", required: true);
                    values = valueNames.Select(v => v.Name).ToEquatableArray();
                    foreach (var duplicate in DefinitionText.Duplicates(valueNames))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.DuplicateName, duplicate.Second.Span, $"Value of option '{key.Value}'", duplicate.Second.Name, DefinitionText.Line(duplicate.First.Span)));
                    }

                    foreach (var valueName in valueNames)
                    {
                        RequireIdentifier(valueName, $"a value of option '{key.Value}'", diagnostics);
                    }

                    ScalarSyntax? enumTypeNode = reader.Scalar("enumType", required: false, "a type name") is { IsNull: false } named ? named : null;
                    enumType = enumTypeNode?.Value ?? Naming.Pascal(key.Value);
                    if (enumTypeNode is not null)
                    {
                        RequireIdentifier(new Named(enumTypeNode.Value, enumTypeNode.Span), "an enum type name", diagnostics);
                    }

                    if (defaultText is null && values.Count > 0)
                    {
                        defaultText = values[0];
                    }
                    else if (defaultText is not null && !values.Contains(defaultText))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnknownOptionValue, defaultNode!.Span, defaultText, key.Value, string.Join(", ", values)));
                    }

                    break;
                case OptionKindModel.Boolean:
                    if (defaultText is null)
                    {
                        defaultText = "false";
                    }
                    else if (MappingReader.ParseBool(defaultText) is { } flag)
                    {
                        defaultText = flag ? "true" : "false";
                    }
                    else
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, defaultNode!.Span, "default", $"true or false for a bool option, not '{defaultText}'"));
                        defaultText = "false";
                    }

                    break;
                case OptionKindModel.Duration:
                    optional = reader.Bool("optional");
                    minTicks = ReadDuration(reader.Scalar("min", required: false), diagnostics);
                    maxTicks = ReadDuration(reader.Scalar("max", required: false), diagnostics);
                    defaultTicks = ReadDuration(defaultNode is { IsNull: false } ? defaultNode : null, diagnostics);
                    if (defaultTicks is null && defaultText is null && !optional)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingKey, mapping.Span, $"Duration option '{key.Value}', unless marked 'optional: true',", "default"));
                    }

                    if (minTicks is { } min && maxTicks is { } max && min > max)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidDuration, reader.KeySpan("min"), DurationParser.Format(min), $"the minimum is larger than the maximum ({DurationParser.Format(max)})"));
                    }

                    if (defaultTicks is { } d && ((minTicks is { } lo && d < lo) || (maxTicks is { } hi && d > hi)))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidDuration, defaultNode!.Span, defaultText!, $"the default is outside the option's range {DefinitionText.Range(minTicks, maxTicks)}"));
                    }

                    break;
            }

            result.Add(new OptionModel(key.Value, kind, enumType, values, defaultText, defaultTicks, minTicks, maxTicks, optional, description, key.Span));
        }

        return result.ToEquatableArray();
    }

    /// <summary>SDSL0002 for a key that belongs to another kind of option or rule (<paramref name="appliesTo"/>: "enum options").</summary>
    private static void ForbidUnless(MappingReader reader, bool allowed, string key, string appliesTo, List<DiagnosticInfo> diagnostics)
    {
        if (!allowed && reader.Has(key))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnknownKey, reader.KeySpan(key), key, reader.Context, $"; '{key}:' applies only to {appliesTo}"));
        }
    }

    private static long? ReadDuration(ScalarSyntax? node, List<DiagnosticInfo> diagnostics)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        long? ticks = DurationParser.TryParse(node.Value, out string? error);
        if (ticks is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidDuration, node.Span, node.Value, error!));
        }

        return ticks;
    }

    private static EquatableArray<StateModel> ReadStates(MappingSyntax? node, List<DiagnosticInfo> diagnostics)
    {
        var result = new List<StateModel>();
        foreach (var (key, value) in Entries(node, "State", diagnostics))
        {
            RequireIdentifier(new Named(key.Value, key.Span), "a state name", diagnostics);
            switch (value)
            {
                case ScalarSyntax { IsNull: true }:
                    result.Add(new StateModel(key.Value, false, false, string.Empty, key.Span));
                    break;
                case ScalarSyntax scalar:
                    result.Add(new StateModel(key.Value, false, false, scalar.Value, key.Span));
                    break;
                case MappingSyntax mapping:
                    var reader = new MappingReader(mapping, $"state '{key.Value}'", StateKeys, diagnostics);
                    result.Add(new StateModel(key.Value, reader.Bool("initial"), reader.Bool("final"), reader.Text("description", required: false) ?? string.Empty, key.Span));
                    break;
                default:
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, value.Span, key.Value, $"a description, or a mapping with 'description:', 'initial:' and 'final:', not {value.Describe()}"));
                    break;
            }
        }

        return result.ToEquatableArray();
    }

    private static EquatableArray<EventModel> ReadEvents(MappingSyntax? node, List<DiagnosticInfo> diagnostics)
    {
        var result = new List<EventModel>();
        foreach (var (key, value) in Entries(node, "Event", diagnostics))
        {
            RequireIdentifier(new Named(key.Value, key.Span), "an event name", diagnostics);
            switch (value)
            {
                case ScalarSyntax { IsNull: true }:
                    result.Add(new EventModel(key.Value, string.Empty, key.Span));
                    break;
                case ScalarSyntax scalar:
                    result.Add(new EventModel(key.Value, scalar.Value, key.Span));
                    break;
                case MappingSyntax mapping:
                    var reader = new MappingReader(mapping, $"event '{key.Value}'", EventKeys, diagnostics);
                    result.Add(new EventModel(key.Value, reader.Text("description", required: false) ?? string.Empty, key.Span));
                    break;
                default:
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, value.Span, key.Value, $"a description, not {value.Describe()}"));
                    break;
            }
        }

        return result.ToEquatableArray();
    }

    /// <summary>
    /// A list of mappings (transitions, timers, rules): each item that is not a mapping is SDSL0003; each mapping is read
    /// by <paramref name="read"/> with a reader for its keys (given its 1-based position and the index its model would
    /// get), which returns null when the item has errors.
    /// </summary>
    private static EquatableArray<T> ReadList<T>(SequenceSyntax? node, string item, string shape, IReadOnlyList<string> keys, List<DiagnosticInfo> diagnostics, Func<MappingReader, int, int, T?> read)
        where T : class, IEquatable<T>
    {
        var result = new List<T>();
        if (node is null)
        {
            return result.ToEquatableArray();
        }

        int position = 0;
        foreach (YamlSyntaxNode element in node.Items)
        {
            position++;
            if (element is not MappingSyntax mapping)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, element.Span, $"Each {item}", $"a mapping with {shape}, not {element.Describe()}"));
                continue;
            }

            if (read(new MappingReader(mapping, $"{item} #{position}", keys, diagnostics), position, result.Count) is { } model)
            {
                result.Add(model);
            }
        }

        return result.ToEquatableArray();
    }

    private static EquatableArray<TransitionModel> ReadTransitions(SequenceSyntax? node, List<DiagnosticInfo> diagnostics) =>
        ReadList(node, "transition", "'from:', 'on:', 'to:' and 'because:'", TransitionKeys, diagnostics, (reader, _, index) =>
        {
            var from = reader.Names("from", required: true);
            ScalarSyntax? on = reader.Scalar("on", required: true, "an event name");
            ScalarSyntax? to = reader.Scalar("to", required: true, "a state name");
            (GuardExpression? guard, string? guardText) = ReadGuard(reader, diagnostics);
            string because = reader.Text("because", required: false) ?? string.Empty;
            return from.IsEmpty || on is null || to is null
                ? null
                : new TransitionModel(index, from, new Named(on.Value, on.Span), new Named(to.Value, to.Span), guard, guardText, because, reader.Node.Span);
        });

    private static EquatableArray<TimerModel> ReadTimers(SequenceSyntax? node, List<DiagnosticInfo> diagnostics)
    {
        int countdowns = 0;
        return ReadList(node, "timer", "'name:', 'in:', 'after:', 'to:' and 'because:'", TimerKeys, diagnostics, (reader, _, index) =>
        {
            ScalarSyntax? name = reader.Scalar("name", required: true, "the timer's name");
            var states = reader.Names("in", required: true);
            ScalarSyntax? after = reader.Scalar("after", required: true, "a duration such as 30h, or a duration option's name");
            ScalarSyntax? to = reader.Scalar("to", required: true, "a state name");
            (GuardExpression? guard, string? guardText) = ReadGuard(reader, diagnostics);
            string because = reader.Text("because", required: false) ?? string.Empty;

            TimerKindModel kind = TimerKindModel.InState;
            var startOn = EquatableArray<Named>.Empty;
            var cancelOn = EquatableArray<Named>.Empty;
            bool restart = true;
            if (reader.Get("countdown") is { } countdownNode)
            {
                if (countdownNode is MappingSyntax countdown)
                {
                    var countdownReader = new MappingReader(countdown, $"the countdown of timer '{name?.Value}'", CountdownKeys, diagnostics);
                    kind = TimerKindModel.Countdown;
                    startOn = countdownReader.Names("start", required: true);
                    cancelOn = countdownReader.Names("cancel", required: false);

                    // Absent (or null): a start event restarts a running countdown, as it always has.
                    restart = countdownReader.Get("restart") is null or ScalarSyntax { IsNull: true } || countdownReader.Bool("restart");
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, countdownNode.Span, "countdown", $"a mapping with 'start:' (events that start or restart it), 'cancel:' (events that stop it) and 'restart:', not {countdownNode.Describe()}"));
                }
            }

            if (name is not null)
            {
                RequireIdentifier(new Named(name.Value, name.Span), "a timer name", diagnostics);
            }

            DurationRef? duration = after is null ? null : ReadTimerDuration(after, diagnostics);
            if (name is null || states.IsEmpty || duration is null || to is null)
            {
                return null;
            }

            int slot = kind == TimerKindModel.Countdown ? countdowns++ : -1;
            return new TimerModel(index, name.Value, kind, states, duration, new Named(to.Value, to.Span), guard, guardText, startOn, cancelOn, restart, slot, because, reader.Node.Span);
        });
    }

    private static EquatableArray<RuleModel> ReadRules(SequenceSyntax? node, List<DiagnosticInfo> diagnostics) =>
        ReadList(node, "rule", $"'name:', one of {RuleKindKeys}, and 'because:'", RuleKeys, diagnostics, (reader, position, index) =>
        {
            ScalarSyntax? name = reader.Scalar("name", required: true, "the rule's name");
            string because = reader.Text("because", required: false) ?? string.Empty;
            if (name is not null)
            {
                RequireIdentifier(new Named(name.Value, name.Span), "a rule name", diagnostics);
            }

            if (ReadRuleKind(reader, name is null ? $"Rule #{position}" : $"Rule '{name.Value}'", diagnostics) is not { } kind)
            {
                return null;
            }

            ForbidUnless(reader, kind.Kind == RuleKindModel.RequireOthersIn, "on", "requireOthersIn rules", diagnostics);
            var statuses = reader.Names(kind.Key, required: true);

            // An empty 'on:' would silently turn an event guard into a start guard, so it is read as required when present.
            bool guardsEvents = kind.Kind == RuleKindModel.RequireOthersIn && reader.Has("on");
            var on = guardsEvents ? reader.Names("on", required: true) : EquatableArray<Named>.Empty;
            return name is null || statuses.IsEmpty || (guardsEvents && on.IsEmpty)
                ? null
                : new RuleModel(index, name.Value, kind.Kind, statuses, on, because, reader.Node.Span);
        });

    /// <summary>
    /// SDSL0024: the one key that says what a rule requires. None is reported at the rule, several at the second one
    /// written, since the first may well be the one meant.
    /// </summary>
    private static (string Key, RuleKindModel Kind)? ReadRuleKind(MappingReader reader, string rule, List<DiagnosticInfo> diagnostics)
    {
        var present = RuleKinds.Where(k => reader.Has(k.Key)).OrderBy(k => reader.KeySpan(k.Key).Start).ToList();
        switch (present.Count)
        {
            case 1:
                return present[0];
            case 0:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.RuleNeedsOneRequirement, reader.Node.Span, rule, RuleKindKeys, "it has none of them"));
                return null;
            default:
                var keys = present.Select(k => $"'{k.Key}:'").ToList();
                string listed = keys.Count == 2 ? $"both {keys[0]} and {keys[1]}" : $"{string.Join(", ", keys.Take(keys.Count - 1))} and {keys[keys.Count - 1]}";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.RuleNeedsOneRequirement, reader.KeySpan(present[1].Key), rule, RuleKindKeys, $"it has {listed}: make each a rule of its own"));
                return null;
        }
    }

    private static DurationRef? ReadTimerDuration(ScalarSyntax after, List<DiagnosticInfo> diagnostics)
    {
        string text = after.Value.Trim();
        if (text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_'))
        {
            return new DurationRef(null, new Named(text, after.Span), text, after.Span);
        }

        long? ticks = DurationParser.TryParse(text, out string? error);
        if (ticks is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidDuration, after.Span, after.Value, error!));
            return null;
        }

        return new DurationRef(ticks, null, text, after.Span);
    }

    private static (GuardExpression? Guard, string? Text) ReadGuard(MappingReader reader, List<DiagnosticInfo> diagnostics)
    {
        ScalarSyntax? when = reader.Scalar("when", required: false, "a guard such as 'capacityModel == TabBased'");
        if (when is null || when.IsNull)
        {
            return (null, null);
        }

        SourceSpan origin = when.Span.Slice(when.ContentOffset, 0);
        GuardExpression? guard = GuardParser.Parse(when.Value, origin, out string? error, out SourceSpan errorSpan);
        if (guard is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.GuardSyntax, when.Span.StartLine == when.Span.EndLine ? errorSpan : when.Span, when.Value, error!));
            return (null, when.Value);
        }

        return (guard, when.Value);
    }

    private static IEnumerable<(ScalarSyntax Key, YamlSyntaxNode Value)> Entries(MappingSyntax? node, string what, List<DiagnosticInfo> diagnostics)
    {
        if (node is null)
        {
            yield break;
        }

        var seen = new Dictionary<string, ScalarSyntax>(StringComparer.Ordinal);
        foreach (var entry in node.Entries)
        {
            if (seen.TryGetValue(entry.Key.Value, out ScalarSyntax? first))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.DuplicateName, entry.Key.Span, what, entry.Key.Value, DefinitionText.Line(first.Span)));
                continue;
            }

            seen.Add(entry.Key.Value, entry.Key);
            yield return (entry.Key, entry.Value);
        }
    }

    private static void RequireIdentifier(Named name, string role, List<DiagnosticInfo> diagnostics)
    {
        if (!Naming.IsIdentifier(name.Name))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.InvalidName, name.Span, name.Name, role));
        }
    }
}
