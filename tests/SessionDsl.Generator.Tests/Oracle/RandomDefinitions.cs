namespace SessionDsl.Generator.Tests.Oracle;

/// <summary>
/// Random definitions the checks should accept: 1 to 300 states (a few above 255, the wide table layout), events
/// (a few types above 256 members), several initial and final states, transitions from one or several states, guards
/// over enum, bool and duration options with not/and/or in every spelling (some lifecycles with more than six option
/// tests, where guards are evaluated in code), in-state timers and countdowns with literal and option durations,
/// guarded, and many ties. It avoids what the checks refuse: guards on one state and event are made disjoint by
/// construction (SDSL0040), no transition or timer leaves a final state (SDSL0042), at most four countdowns (SDSL0022),
/// and, unless <see cref="KnownBugs.IncludeTimerCycles"/>, no in-state timer leads back into its own states.
/// </summary>
internal sealed class RandomDefinitions
{
    /// <summary>Names the generated struct gives its own members; a lifecycle named like one of them must still compile.</summary>
    public static readonly string[] GeneratedMemberNames =
    [
        "Fire", "Apply", "Advance", "Start", "NextDeadline", "Description", "DefaultInitialStatus", "DefaultOptions", "TryValidate",
        "FormatOptions", "TryParseOptions", "IsInitial", "IsFinal", "CanFire", "FireOrThrow", "ApplyOrThrow", "PermittedEvents", "Table",
        "Cell", "Unknown", "GuardKey", "KeyStride", "StatusCount", "EventCount", "ColumnShift", "DefaultTableCopy", "DescriptionHolder",
        "Reject", "NextDue", "AdvanceTo", "FireTimer", "UpdateCountdowns", "ApplyEvent", "ApplyAfterTimers", "ThrowNotStarted",
    ];

    /// <summary>The known clashes (issue 11): generated only with <see cref="KnownBugs.IncludeClashingNames"/>.</summary>
    public static readonly string[] KnownClashingLifecycleNames = ["Options", "Name"];

    private static readonly string[] FrameworkNames = ["System", "SessionDsl", "Global", "Microsoft", "Enum", "Nullable", "TimeSpan", "DateTimeOffset", "Math", "Task", "Action"];

    /// <summary>Names for the status and event types; those that meet a member of the generated struct or its nested types break it.</summary>
    private static readonly string[] TypeNames = ["Status", "State", "Kind", "Options", "Value", "Name", "Description", "Table", "Cell", "Unknown", "DescriptionHolder", "Fire"];

    private static readonly string[] ClashingTypeNames = ["Options", "Value", "Name", "Description", "Table", "Cell", "Unknown", "DescriptionHolder", "Fire"];

    /// <summary>Names for a state, an event or an enum value; <c>value__</c> is the field every enum holds.</summary>
    private static readonly string[] MemberNames = ["value__", "Value", "None", "Default", "Unknown", "MaxValue", "GetType", "ToString", "Equals", "HasFlag", "GetHashCode"];

    private static readonly string[] ClashingMemberNames = ["value__"];

    /// <summary>Option names: some give properties that meet members of the generated <c>Options</c> record struct.</summary>
    private static readonly string[] OptionNames =
        ["tableCopy", "validate", "tryValidate", "equals", "toString", "getHashCode", "printMembers", "equalityContract", "options", "value", "error", "after0", "status", "session", "e", "cell", "deconstruct"];

    // tableCopy clashes only where guards are resolved into tables (Options then has an internal TableCopy).
    private static readonly string[] ClashingOptionNames = ["validate", "tryValidate", "equals", "toString", "getHashCode", "printMembers", "options", "tableCopy"];

    private static readonly string[] Words =
    [
        "Open", "Waiting", "Active", "Paused", "Closed", "Ended", "Review", "Draft", "Queued", "Held", "Idle", "Busy", "Done", "Failed",
        "Retry", "Parked", "Ready", "Armed", "Cooling", "Sleeping", "Escalated", "Archived", "Merged", "Pending",
    ];

    private static readonly string[] EventWords =
    [
        "Go", "Stop", "Ping", "Assign", "Reply", "Close", "Reopen", "Escalate", "Timeout", "Cancel", "Resume", "Pause", "Submit",
        "Approve", "Reject", "Retry", "Park", "Wake", "Poke", "Nudge",
    ];

    private static readonly string[] OptionWords = ["mode", "keepOpen", "tier", "region", "strict", "grace", "limit", "window", "fast", "audit", "channel", "plan"];

    /// <summary>Durations drawn for timers and duration options alike, so that deadlines tie often.</summary>
    private static readonly string[] DurationPool = ["1ms", "500ms", "1s", "90s", "1m", "15m", "1h", "1h", "1h30m", "30h", "2d", "3650d"];

    private static readonly string[] Texts =
    [
        "Plain words.", "Quotes \" and \\ backslashes", "<tag> & ampersand; </summary>", "*/ /* // not a comment", "line\nbreak",
        "tab\there", "unicode é ü 中文 🎉", "separator\u2028here", "{{ scriban }} {% raw %}", "#hash: colon", "ends with a backslash \\",
        "\"quoted\"", "cref=\"X\" <see cref=\"Y\"/>", "&amp; &lt;", "nul\u0001control", "#endregion\n#if X", "\\u0041 not an escape",
    ];

    private readonly Random _random;

    public RandomDefinitions(int seed) => _random = new Random(seed);

    public DefinitionSpec Next(int id)
    {
        for (int attempt = 0; ; attempt++)
        {
            DefinitionSpec? spec = TryNext(id);
            if (spec is not null)
            {
                return spec;
            }

            if (attempt > 100)
            {
                throw new InvalidOperationException("could not make a definition within the limits");
            }
        }
    }

    private int Pick(params int[] weights)
    {
        int roll = _random.Next(weights.Sum());
        for (int i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private T One<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(int percent) => _random.Next(100) < percent;

    private List<T> Some<T>(IReadOnlyList<T> items, int min, int max)
    {
        var shuffled = items.OrderBy(_ => _random.Next()).ToList();
        return shuffled.Take(Math.Min(shuffled.Count, _random.Next(min, max + 1))).ToList();
    }

    private string? Text(bool hostile) => Pick(6, 3, hostile ? 6 : 0) switch
    {
        0 => null,
        1 => "A plain description.",
        _ => One(Texts),
    };

    private DefinitionSpec? TryNext(int id)
    {
        var categories = new HashSet<string>(StringComparer.Ordinal);
        // Profiles: 0 normal, 1 many states (wide layout above 255), 2 medium, 3 guards evaluated in code, 4 hostile
        // names and texts, 5 a large event type.
        int profile = Pick(64, 4, 5, 10, 13, 2);
        bool hostile = profile == 4;
        int stateCount = profile switch
        {
            1 => _random.Next(250, 301),
            2 => _random.Next(20, 81),
            3 => _random.Next(2, 10),
            5 => _random.Next(1, 4),
            _ => Pick(8, 20, 25, 20, 15, 12) switch { 0 => 1, 1 => 2, 2 => 3, 3 => _random.Next(4, 6), 4 => _random.Next(6, 9), _ => _random.Next(9, 15) },
        };
        int eventCount = profile switch
        {
            1 => _random.Next(1, 3),
            5 => _random.Next(1, 6),
            _ => Pick(5, 15, 25, 25, 20, 10) switch { 0 => 0, 1 => 1, 2 => 2, 3 => 3, 4 => _random.Next(4, 7), _ => _random.Next(7, 11) },
        };
        categories.Add(profile switch { 0 => "normal", 1 => "many states", 2 => "medium", 3 => "evaluated guards", 4 => "hostile names", _ => "large event type" });

        // Names. A hostile definition carries exactly one hostile name, named in its category, so that the report
        // says which names break the build.
        string lifecycle = "Life" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string ns = "Oracle.G" + id.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        var hostileName = (Feature: hostile ? _random.Next(10) : -1, Name: (string?)null);
        string Hostile(string what, IReadOnlyList<string> names, IReadOnlyList<string> clashing)
        {
            var pool = FoundBugs.IncludeNamesThatClashWithGeneratedCode ? names : names.Except(clashing).ToList();
            string name = One(pool);
            categories.Add($"hostile: {what} named {name}");
            return name;
        }

        switch (hostileName.Feature)
        {
            case 0:
                lifecycle = Hostile("lifecycle", GeneratedMemberNames.Concat(FrameworkNames).ToList(), GeneratedMemberNames);
                break;
            case 8 when KnownBugs.IncludeClashingNames && Chance(50):
                lifecycle = One(KnownClashingLifecycleNames);
                categories.Add($"known: lifecycle named {lifecycle}");
                break;
            case 1:
                ns += "." + One(["System", "SessionDsl", "Life" + id, "Oracle", "Collections", "Global"]);
                categories.Add("hostile: odd namespace segment");
                break;
        }

        var states = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal) { lifecycle };
        string statusTypeName = hostileName.Feature == 2 ? Hostile("status type", TypeNames, ClashingTypeNames) : lifecycle + "Status";
        string eventTypeName = hostileName.Feature == 3 ? Hostile("event type", TypeNames.Select(n => n == "Status" ? "Event" : n).ToList(), ClashingTypeNames) : lifecycle + "Event";
        string? hostileState = hostileName.Feature == 4 ? Hostile("state", [statusTypeName, .. MemberNames], ClashingMemberNames.Append(statusTypeName).ToList()) : null;
        string? hostileEvent = hostileName.Feature == 5 ? Hostile("event", [eventTypeName, .. MemberNames], ClashingMemberNames.Append(eventTypeName).ToList()) : null;

        used.Add(statusTypeName);
        used.Add(eventTypeName);
        for (int s = 0; s < stateCount; s++)
        {
            string name = stateCount <= Words.Length && Chance(70) ? Words.Where(w => !used.Contains(w)).DefaultIfEmpty("S" + s).First() : "S" + s;
            if (s == 0 && hostileState is not null && (hostileState == statusTypeName || used.Add(hostileState)))
            {
                states.Add(hostileState);
                continue;
            }

            if (!used.Add(name))
            {
                name = "S" + s + "_" + _random.Next(1000);
                if (!used.Add(name))
                {
                    return null;
                }
            }

            states.Add(name);
        }

        var events = new List<string>();
        for (int e = 0; e < eventCount; e++)
        {
            string name = Chance(70) ? EventWords.Where(w => !used.Contains(w)).DefaultIfEmpty("E" + e).First() : "E" + e;
            if (e == 0 && hostileEvent is not null && (hostileEvent == eventTypeName || used.Add(hostileEvent)))
            {
                events.Add(hostileEvent);
                continue;
            }

            if (!used.Add(name))
            {
                name = "E" + e + "_" + _random.Next(1000);
                if (!used.Add(name))
                {
                    return null;
                }
            }

            events.Add(name);
        }

        // Initial and final states: a random order of the states doubles as the timers' ranks (see Timers).
        var ranked = states.OrderBy(_ => _random.Next()).ToList();
        var initial = new HashSet<string>(StringComparer.Ordinal) { ranked[0] };
        foreach (string s in Some(ranked, 0, Math.Min(3, stateCount - 1)))
        {
            initial.Add(s);
        }

        var final = new HashSet<string>(StringComparer.Ordinal);
        if (stateCount > 1 && Chance(80))
        {
            foreach (string s in Some(ranked.Skip(stateCount / 2).ToList(), 1, Math.Max(1, Math.Min(3, stateCount / 3))))
            {
                final.Add(s);
            }
        }

        if (Chance(3))
        {
            // An initial state that is also final: a session that starts finished.
            final.Add(ranked[0]);
            categories.Add("initial and final");
        }

        if (initial.Count > 1)
        {
            categories.Add("several initial states");
        }

        // Options.
        string? hostileOption = hostileName.Feature == 6 ? Hostile("option", OptionNames, ClashingOptionNames) : null;
        Func<string, string>? hostileValue = hostileName.Feature == 7 ? typeName => Hostile("enum value", [typeName, .. MemberNames], [.. ClashingMemberNames, typeName]) : null;
        bool knownDefault = hostileName.Feature == 8 && KnownBugs.IncludeClashingNames && !categories.Any(c => c.StartsWith("known:", StringComparison.Ordinal));
        var options = MakeOptions(profile, hostile, hostileOption, hostileValue, knownDefault, used, categories);
        if (options is null)
        {
            return null;
        }

        OptionSpec OptionNamed(string name) => options.First(o => o.Name == name);

        // Transitions: events are guarded either per transition (one transition per state and event) or by a
        // partition of the option space (several transitions per state and event, each in its own part).
        var transitions = new List<TransitionSpec>();
        var cells = new Dictionary<(string State, string Event), List<int?>>();
        var nonFinal = states.Where(s => !final.Contains(s)).ToList();
        var guardOptions = GuardOptions(options, profile, stateCount, Math.Max(1, events.Count));
        int density = profile == 1 ? 1 : Pick(2, 5, 3);
        int wanted = profile == 1
            ? stateCount + _random.Next(20)
            : (int)Math.Ceiling(nonFinal.Count * events.Count * (density == 0 ? 0.2 : density == 1 ? 0.5 : 0.9));
        var partitions = new Dictionary<string, List<GuardNode>?>(StringComparer.Ordinal);
        foreach (string ev in events)
        {
            partitions[ev] = guardOptions.Count > 0 && Chance(profile == 3 ? 70 : 45) ? Partition(guardOptions, profile == 3) : null;
        }

        if (profile == 1 && nonFinal.Count > 0)
        {
            // A chain through every state, so the wide table's far rows are reached.
            string ev0 = events[0];
            for (int s = 0; s + 1 < ranked.Count; s++)
            {
                if (!final.Contains(ranked[s]))
                {
                    AddTransition([ranked[s]], ev0, ranked[s + 1], null, null);
                }
            }
        }

        // Transitions grow out of the initial states more often than not, so that sessions get somewhere.
        var reachable = new HashSet<string>(initial, StringComparer.Ordinal);
        for (int t = 0; t < wanted && events.Count > 0 && nonFinal.Count > 0; t++)
        {
            string ev = One(events);
            var reachedOpen = nonFinal.Where(reachable.Contains).ToList();
            var from = Some(reachedOpen.Count > 0 && Chance(60) ? reachedOpen : nonFinal, 1, Chance(70) ? 1 : 4);
            string to = One(states);
            if (from.Any(reachable.Contains))
            {
                reachable.Add(to);
            }

            if (final.Count > 0 && Chance(5))
            {
                // A final state's self-loop does not leave it.
                string f = One(final.ToList());
                from.Add(f);
                to = f;
            }

            List<GuardNode>? parts = partitions[ev];
            if (parts is null)
            {
                GuardNode? guard = guardOptions.Count > 0 && Chance(35) ? RandomGuard(guardOptions, 3) : null;
                AddTransition(from, ev, to, guard, null);
            }
            else
            {
                int part = _random.Next(parts.Count);
                GuardNode guard = parts[part];
                if (Chance(30))
                {
                    guard = new GuardAnd(guard, RandomGuard(guardOptions, 2));
                }

                AddTransition(from, ev, to, guard, part);
            }
        }

        void AddTransition(List<string> from, string ev, string to, GuardNode? guard, int? part)
        {
            // Keep only the states whose cell can take it: empty, or holding only other parts of the partition.
            var fits = from.Where(s =>
                !cells.TryGetValue((s, ev), out List<int?>? held) || (part is not null && held.All(h => h is not null && h != part))).Distinct().ToList();
            if (fits.Count == 0)
            {
                return;
            }

            foreach (string s in fits)
            {
                if (!cells.TryGetValue((s, ev), out List<int?>? held))
                {
                    cells[(s, ev)] = held = new List<int?>();
                }

                held.Add(part);
            }

            transitions.Add(new TransitionSpec(fits, ev, to, guard, guard?.Write(_random), Chance(20) ? Text(hostile) : null));
        }

        if (transitions.Any(t => t.From.Count > 1))
        {
            categories.Add("several from states");
        }

        if (cells.Values.Any(c => c.Count > 1))
        {
            categories.Add("several transitions per state and event");
        }

        var tests = transitions.Where(t => t.Guard is not null).SelectMany(t => t.Guard!.Tests(OptionNamed)).Distinct(StringComparer.Ordinal).ToList();
        if (profile == 3 && tests.Count <= 6)
        {
            // Make sure this one crosses the line: one more transition, alone in a new event's cells, testing everything.
            var all = guardOptions.SelectMany(o => o.Kind switch
            {
                OptionSpecKind.Enum => o.Values.Select(v => (GuardNode)new GuardCompare(o.Name, v, true)),
                OptionSpecKind.Bool => [new GuardFlag(o.Name)],
                _ => o.Optional ? [new GuardFlag(o.Name)] : [],
            }).ToList();
            if (all.Count <= 6 || nonFinal.Count == 0)
            {
                return null;
            }

            string extra = "AllTests";
            if (!used.Add(extra))
            {
                return null;
            }

            events.Add(extra);
            GuardNode guard = all.Aggregate((a, b) => new GuardOr(a, b));
            transitions.Add(new TransitionSpec([nonFinal[0]], extra, One(states), guard, guard.Write(_random), null));
            tests = transitions.Where(t => t.Guard is not null).SelectMany(t => t.Guard!.Tests(OptionNamed)).Distinct(StringComparer.Ordinal).ToList();
        }

        bool evaluated = tests.Count > 6;
        categories.Add(evaluated ? "guards evaluated in code" : tests.Count > 0 ? "guards resolved into tables" : "no guards");
        if (evaluated && transitions.Any(t => t.Guard?.MentionsRequiredDuration(OptionNamed) == true))
        {
            if (!KnownBugs.IncludeRequiredDurationTestsInEvaluatedGuards)
            {
                return null;
            }

            categories.Add("known: required duration test in evaluated guards");
        }

        // Keep the resolved tables within reason: one copy per combination of the tests.
        int columns = 1;
        while (columns < Math.Max(1, events.Count))
        {
            columns <<= 1;
        }

        long cellsInTables = (evaluated ? 1L : 1L << tests.Count) * stateCount * columns;
        // The tables cost compile time above all; a few copies of a big one are enough to cover the layout.
        if (cellsInTables > 16_000)
        {
            return null;
        }

        // A noncharacter, which a definition may hold (written "\uFFFE") and XML may not.
        string? hostileText = hostileName.Feature == 9 && FoundBugs.IncludeCharactersXmlCannotHold ? "a noncharacter \uFFFE here" : null;
        if (hostileText is not null)
        {
            categories.Add("hostile: a description with U+FFFE");
        }

        var timers = MakeTimers(states, events, ranked, final, reachable, options, categories, hostile);
        if (timers is null)
        {
            return null;
        }

        // Status and event types: a name alone, or the members listed (in another order, with extras).
        TypeSpec statusType = MakeType(statusTypeName, states, profile == 1 ? 0 : 25, "S", used, categories, "status");
        TypeSpec eventType = MakeType(eventTypeName, events, profile == 5 ? 100 : 25, "X", used, categories, "event");
        if (profile == 5)
        {
            var members = eventType.Members!.ToList();
            int target = _random.Next(257, 300);
            for (int i = 0; members.Count < target; i++)
            {
                if (used.Add("Y" + i))
                {
                    members.Insert(_random.Next(members.Count + 1), "Y" + i);
                }
            }

            eventType = eventType with { Members = members };
        }

        if ((statusType.Members?.Count ?? states.Count) > 255)
        {
            categories.Add("more than 255 statuses");
        }

        if ((eventType.Members?.Count ?? events.Count) > 256)
        {
            categories.Add("more than 256 events");
        }

        string file = Pick(6, 1, 1, 1, 1) switch
        {
            0 => $"{id}/{lifecycle}.lifecycle.yaml",
            1 => $"defs/{id}/{lifecycle}.lifecycle.yml",
            2 => $"Some Folder/{lifecycle.ToLowerInvariant()} {id}.LIFECYCLE.YAML",
            3 => $"{lifecycle}.v{id}.2.lifecycle.yaml",
            _ => $"/abs/path/{id}.Lifecycle.Yaml",
        };

        return new DefinitionSpec(
            id,
            lifecycle,
            ns,
            file,
            statusType,
            eventType,
            options,
            states.Select((s, i) => new StateSpec(s, initial.Contains(s), final.Contains(s), i == 0 && hostileText is not null ? hostileText : Chance(40) ? Text(hostile) : null)).ToList(),
            events.Select(e => new NamedText(e, Chance(40) ? Text(hostile) : null)).ToList(),
            transitions,
            timers,
            Chance(50) ? Text(hostile) : null,
            categories);
    }

    private TypeSpec MakeType(string name, List<string> own, int listPercent, string prefix, HashSet<string> used, HashSet<string> categories, string role)
    {
        if (!Chance(listPercent) || own.Count == 0)
        {
            return new TypeSpec(name, null);
        }

        var members = own.OrderBy(_ => Chance(50) ? 0 : _random.Next()).ToList();
        int extras = Pick(3, 3, 2);
        for (int i = 0; i < extras; i++)
        {
            string extra = prefix + "Extra" + i;
            if (used.Add(extra))
            {
                members.Insert(_random.Next(members.Count + 1), extra);
            }
        }

        if (extras > 0)
        {
            categories.Add($"{role} type with members outside the lifecycle");
        }

        return new TypeSpec(name, members);
    }

    private List<OptionSpec>? MakeOptions(int profile, bool hostile, string? hostileOption, Func<string, string>? hostileValue, bool knownDefault, HashSet<string> used, HashSet<string> categories)
    {
        var options = new List<OptionSpec>();
        int enums = profile == 3 ? _random.Next(1, 3) : Pick(5, 4, 2, 1) + (hostileValue is null ? 0 : 1);
        int bools = profile == 3 ? _random.Next(3, 6) : Pick(5, 4, 2, 1);
        int durations = Pick(4, 4, 2, 1);
        int optionalDurations = 0;
        string NewName(string fallback)
        {
            string name = Chance(60) ? One(OptionWords) : fallback;
            if (hostileOption is not null && used.Add(hostileOption))
            {
                return hostileOption;
            }

            if (!used.Add(name))
            {
                name = fallback + "_" + _random.Next(10_000);
                used.Add(name);
            }

            return name;
        }

        for (int i = 0; i < enums; i++)
        {
            string name = NewName("choice" + i);
            int count = _random.Next(1, 6);
            var values = Enumerable.Range(0, count).Select(v => "V" + v).ToList();
            string? enumType = Chance(30) ? name + "Kind" : null;
            string typeName = enumType ?? char.ToUpperInvariant(name[0]) + name[1..];
            if (used.Contains(typeName) && typeName != name)
            {
                enumType = null;
                typeName = "T" + name + "_" + _random.Next(10_000);
                enumType = typeName;
            }

            used.Add(typeName);
            if (hostileValue is not null && i == 0)
            {
                values[0] = hostileValue(typeName);
                if (values.Skip(1).Contains(values[0]))
                {
                    return null;
                }
            }

            options.Add(new OptionSpec(name, OptionSpecKind.Enum, values, Chance(50) ? One(values) : null, null, null, false, enumType, Chance(30) ? Text(hostile) : null));
        }

        for (int i = 0; i < bools; i++)
        {
            string name = NewName("flag" + i);
            options.Add(new OptionSpec(name, OptionSpecKind.Bool, [], Chance(50) ? (Chance(50) ? "true" : "false") : null, null, null, false, null, Chance(30) ? Text(hostile) : null));
        }

        for (int i = 0; i < durations; i++)
        {
            string name = NewName("delay" + i);
            bool optional = Chance(50);
            if (optional && optionalDurations >= 1 && !KnownBugs.IncludeTwoOptionalDurations)
            {
                optional = false;
            }

            optionalDurations += optional ? 1 : 0;
            TimeSpan? min = null, max = null;
            if (Chance(50))
            {
                var a = Durations.Parse(One(DurationPool));
                var b = Durations.Parse(One(DurationPool));
                (min, max) = a <= b ? (a, b) : (b, a);
                if (Chance(30))
                {
                    min = null;
                }
                else if (Chance(30))
                {
                    max = null;
                }
            }

            string? defaultText = null;
            if (!optional || Chance(30))
            {
                var inRange = DurationPool.Where(d => Durations.Parse(d) is var v && (min is null || v >= min) && (max is null || v <= max)).ToList();
                if (inRange.Count == 0)
                {
                    return null;
                }

                defaultText = One(inRange);
            }

            options.Add(new OptionSpec(name, OptionSpecKind.Duration, [], defaultText, min, max, optional, null, Chance(30) ? Text(hostile) : null));
        }

        if (optionalDurations > 1)
        {
            categories.Add("known: two optional duration options");
        }

        if (knownDefault && used.Add("Default"))
        {
            options.Add(new OptionSpec("Default", OptionSpecKind.Bool, [], null, null, null, false, null, null));
            categories.Add("known: bool option named Default");
        }

        return options.OrderBy(_ => _random.Next()).ToList();
    }

    /// <summary>The options transition guards may test, chosen so that the tables stay small unless guards are evaluated in code.</summary>
    private List<OptionSpec> GuardOptions(List<OptionSpec> options, int profile, int states, int events)
    {
        if (profile == 3)
        {
            return options
                .Where(o => o.Name is not ("not" or "and" or "or"))
                .Where(o => KnownBugs.IncludeRequiredDurationTestsInEvaluatedGuards || o is not { Kind: OptionSpecKind.Duration, Optional: false })
                .ToList();
        }

        int budget = profile == 1 ? 1 : profile == 2 ? 2 : states * events > 40 ? 3 : 5;
        var chosen = new List<OptionSpec>();
        int tests = 0;
        foreach (OptionSpec option in options.Where(o => o.Name is not ("not" or "and" or "or")).OrderBy(_ => _random.Next()))
        {
            int cost = option.Kind switch
            {
                OptionSpecKind.Enum => option.Values.Count,
                OptionSpecKind.Bool => 1,
                _ => option.Optional ? 1 : 0,
            };
            if (tests + cost <= budget)
            {
                chosen.Add(option);
                tests += cost;
            }
        }

        return chosen;
    }

    private GuardNode Test(OptionSpec option) => option.Kind switch
    {
        OptionSpecKind.Enum => new GuardCompare(option.Name, One(option.Values), Chance(70)),
        _ => new GuardFlag(option.Name),
    };

    private GuardNode RandomGuard(List<OptionSpec> options, int depth)
    {
        int roll = depth <= 0 ? 0 : Pick(5, 2, 2, 2);
        return roll switch
        {
            0 => Test(One(options)),
            1 => new GuardNot(RandomGuard(options, depth - 1)),
            2 => new GuardAnd(RandomGuard(options, depth - 1), RandomGuard(options, depth - 1)),
            _ => new GuardOr(RandomGuard(options, depth - 1), RandomGuard(options, depth - 1)),
        };
    }

    /// <summary>Guards that never hold together and, between them, cover every option value: a partition of the option space.</summary>
    private List<GuardNode> Partition(List<OptionSpec> options, bool wide)
    {
        var parts = PartitionBy(One(options));
        if ((wide || Chance(25)) && options.Count > 1)
        {
            // The product of two partitions is a partition too.
            var second = PartitionBy(One(options));
            parts = parts.SelectMany(a => second.Select(b => (GuardNode)new GuardAnd(a, b))).ToList();
        }

        return parts;
    }

    private List<GuardNode> PartitionBy(OptionSpec option)
    {
        switch (option.Kind)
        {
            case OptionSpecKind.Enum:
            {
                // Group the values; each group is written as a disjunction of ==, a conjunction of != the others, or
                // the negation of the others' disjunction.
                var values = option.Values.OrderBy(_ => _random.Next()).ToList();
                int groups = _random.Next(1, values.Count + 1);
                var byGroup = values.Select((v, i) => (v, g: i < groups ? i : _random.Next(groups))).GroupBy(x => x.g).Select(g => g.Select(x => x.v).ToList()).ToList();
                return byGroup.Select(group =>
                {
                    var others = option.Values.Except(group).ToList();
                    int form = others.Count == 0 ? 0 : _random.Next(3);
                    return form switch
                    {
                        0 => group.Select(v => (GuardNode)new GuardCompare(option.Name, v, true)).Aggregate((a, b) => new GuardOr(a, b)),
                        1 => others.Select(v => (GuardNode)new GuardCompare(option.Name, v, false)).Aggregate((a, b) => new GuardAnd(a, b)),
                        _ => new GuardNot(others.Select(v => (GuardNode)new GuardCompare(option.Name, v, true)).Aggregate((a, b) => new GuardOr(a, b))),
                    };
                }).ToList();
            }

            case OptionSpecKind.Bool:
                return [new GuardFlag(option.Name), new GuardNot(new GuardFlag(option.Name))];
            default:
                // A required duration option is always set: one part holding always.
                return option.Optional ? [new GuardFlag(option.Name), new GuardNot(new GuardFlag(option.Name))] : [new GuardFlag(option.Name)];
        }
    }

    private List<TimerSpec>? MakeTimers(List<string> states, List<string> events, List<string> ranked, HashSet<string> final, HashSet<string> reachable, List<OptionSpec> options, HashSet<string> categories, bool hostile)
    {
        var timers = new List<TimerSpec>();
        int count = Pick(25, 20, 20, 15, 10, 10) switch { 0 => 0, 1 => 1, 2 => 2, 3 => 3, 4 => 4, _ => _random.Next(5, 8) };
        int countdowns = 0;
        var rank = ranked.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);
        var nonFinal = states.Where(s => !final.Contains(s)).ToList();
        var durationOptions = options.Where(o => o.Kind == OptionSpecKind.Duration).ToList();
        var guardable = options.Where(o => o.Name is not ("not" or "and" or "or")).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        // A few durations shared by most timers of a lifecycle, so that deadlines tie.
        var palette = Some(DurationPool, 1, 2);
        var reachedOpen = nonFinal.Where(reachable.Contains).ToList();
        var hub = Some(reachedOpen.Count > 0 ? reachedOpen : nonFinal, 1, 2);
        for (int t = 0; t < count && nonFinal.Count > 0; t++)
        {
            bool countdown = events.Count > 0 && countdowns < SessionState<DayOfWeek>.MaxCountdowns && Chance(50);
            // Most timers share one or two states a session reaches, so that they run, race and tie.
            var inStates = Chance(70) ? [.. hub] : Some(nonFinal, 1, Chance(60) ? 1 : 3);
            string to;
            if (countdown)
            {
                // A countdown stops when it fires, so it may lead anywhere, its own states included.
                var targets = FoundBugs.IncludeTimersIntoTheirOwnStatus ? states : states.Except(inStates).ToList();
                if (targets.Count == 0)
                {
                    continue;
                }

                to = One(targets);
                if (final.Count > 0 && FoundBugs.IncludeTimersIntoTheirOwnStatus && Chance(5))
                {
                    string f = One(final.ToList());
                    inStates = [f];
                    to = f;
                }
            }
            else if (KnownBugs.IncludeTimerCycles && Chance(10))
            {
                to = Chance(50) ? One(inStates) : One(states);
                categories.Add("known: timer cycles");
            }
            else
            {
                // In-state timers only climb the ranks, so no chain of them comes back: Advance ends.
                int top = inStates.Max(s => rank[s]);
                var higher = ranked.Skip(top + 1).ToList();
                if (higher.Count == 0)
                {
                    continue;
                }

                to = One(higher);
            }

            string after = durationOptions.Count > 0 && Chance(40) ? One(durationOptions).Name : Chance(70) ? One(palette) : One(DurationPool);
            GuardNode? guard = guardable.Count > 0 && Chance(35) ? RandomGuard(guardable, 2) : null;
            string name = hostile && Chance(30) ? One(["Table", "Fire", "after0", "due", "best", "timer", "Timer" + t]) : "Timer" + t;
            if (!names.Add(name))
            {
                name = "Timer" + t + "_" + _random.Next(1000);
                names.Add(name);
            }

            IReadOnlyList<string>? start = null, cancel = null;
            bool restart = true;
            if (countdown)
            {
                countdowns++;
                restart = !Chance(35);
                if (!restart)
                {
                    categories.Add("countdown not restarted while running");
                }

                start = Some(events, 1, 3);
                cancel = Chance(60) ? Some(events, 1, 2) : null;
                if (cancel is not null && cancel.Intersect(start).Any())
                {
                    categories.Add("countdown started and cancelled by one event");
                }

                if (inStates.Contains(to))
                {
                    categories.Add("countdown into its own states");
                }
            }

            timers.Add(new TimerSpec(name, inStates, after, to, guard, guard?.Write(_random), start, cancel, Chance(20) ? Text(hostile) : null, restart));
        }

        if (timers.Count > 0)
        {
            categories.Add(timers.Any(t => t.IsCountdown) ? timers.Any(t => !t.IsCountdown) ? "in-state timers and countdowns" : "countdowns" : "in-state timers");
        }

        if (timers.Any(t => durationOptions.Any(o => o.Name == t.After && o.Optional)))
        {
            categories.Add("timer on an optional duration");
        }

        return timers;
    }
}
