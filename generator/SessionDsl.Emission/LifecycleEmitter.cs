using System.Globalization;

using SessionDsl.Language.Layout;
using SessionDsl.Language.Model;
using SessionDsl.Language.Parsing;
using SessionDsl.Language.Runtime;
using SessionDsl.Language.Text;
using SessionDsl.Language.Validation;

using static SessionDsl.Language.Layout.TableLayout;

namespace SessionDsl.Emission;

/// <summary>From a validated <see cref="LifecycleModel"/> to C#: builds the flat view and renders <c>Lifecycle.sbn</c>.</summary>
public static class LifecycleEmitter
{
    public static string HintName(LifecycleModel lifecycle) => $"{lifecycle.Namespace}.{lifecycle.Name}.g.cs";

    public static string HintName(EnumModel model) => $"{model.Namespace}.{model.Name}.g.cs";

    public static string Emit(LifecycleModel lifecycle) => TemplateRenderer.Render("Lifecycle", BuildView(lifecycle));

    public static string Emit(EnumModel model) => TemplateRenderer.Render("Enum", BuildView(model));

    internal static EnumView BuildView(EnumModel model)
    {
        string summary = model.Role switch
        {
            EnumRole.Status => $"The statuses of {Join(model.Lifecycles)}.",
            EnumRole.Event => $"The events of {Join(model.Lifecycles)}.",
            _ => model.Description.Length > 0 ? model.Description : $"Values of an option of {Join(model.Lifecycles)}.",
        };
        if (model.Role != EnumRole.Option && model.Lifecycles.Count > 1)
        {
            summary += " One type for all of them, so code that handles a session can be written once.";
        }

        return new EnumView
        {
            Namespace = model.Namespace,
            Name = model.Name,
            Underlying = model.Members.Count <= 256 ? "byte" : "ushort",
            SummaryLines = CodeText.Wrap(CodeText.Xml(summary)).ToList(),
            Members = model.Members.Select((m, i) => new EnumMemberView
            {
                Name = m.Name,
                Value = i,
                Doc = CodeText.Xml(m.Description.Length > 0 ? m.Description : m.Name + "."),
            }).ToList(),
        };
    }

    internal static LifecycleView BuildView(LifecycleModel lifecycle)
    {
        // The status, event and option enums are generated into the lifecycle's own namespace, so their simple names
        // resolve before any using alias or outer type; runtime types stay global::-qualified.
        var options = lifecycle.Options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var coder = new GuardCoder(lifecycle.Namespace, options);

        // Types written in full: a member of the lifecycle (its nested Options, say) could hide a short name.
        string s = coder.Type(lifecycle.StatusType.Name);
        string e = coder.Type(lifecycle.EventType.Name);
        var statusMembers = lifecycle.StatusMembers;
        var eventMembers = lifecycle.EventMembers;
        var statusIndex = statusMembers.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i, StringComparer.Ordinal);
        var eventIndex = eventMembers.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i, StringComparer.Ordinal);
        var states = lifecycle.States;
        var initial = states.Where(x => x.IsInitial).Select(x => x.Name).ToList();
        var final = states.Where(x => x.IsFinal).Select(x => x.Name).ToList();
        string mermaid = MermaidWriter.Write(lifecycle);

        var view = new LifecycleView
        {
            FileName = CodeText.OneLine(lifecycle.FileName),
            FileNameXml = CodeText.Xml(lifecycle.FileName),
            FileNameLiteral = CodeText.Literal(lifecycle.FileName),
            Namespace = lifecycle.Namespace,
            Name = lifecycle.Name,
            NameLiteral = CodeText.Literal(lifecycle.Name),
            S = s,
            E = e,
            Result = $"global::SessionDsl.TransitionResult<{s}, {e}>",
            Session = $"global::SessionDsl.SessionState<{s}>",
            StatusTypeShort = lifecycle.StatusType.Name,
            EventTypeShort = lifecycle.EventType.Name,
            SummaryLines = CodeText.Wrap(CodeText.Xml(lifecycle.Description.Length > 0 ? lifecycle.Description : $"The {lifecycle.Name} lifecycle.")).ToList(),
            RuleParagraphs = RuleDocs.Paragraphs(lifecycle),
            StateList = string.Join(", ", states.Select(x => x.Name)),
            InitialList = initial.Count == 0 ? "none" : string.Join(", ", initial),
            FinalList = final.Count == 0 ? "none" : string.Join(", ", final),
            StatusCount = statusMembers.Count,
            EventCount = eventMembers.Count,
            ColumnShift = ShiftFor(eventMembers.Count),
            ColumnCount = 1 << ShiftFor(eventMembers.Count),
            // A byte-sized enum takes the low byte of the cell as it is; a wider one needs the 12 target bits.
            TargetFromCell = statusMembers.Count <= 256 ? $"({s})(byte)value" : $"({s})(value & 0xFFFu)",
            DefaultInitial = initial.FirstOrDefault() ?? statusMembers.FirstOrDefault() ?? "default",
            InitialCondition = IsOneOf("status", s, initial),
            FinalCondition = IsOneOf("status", s, final),
            DescriptionLiteral = CodeText.Literal(lifecycle.Description),
            PlatformLiteral = CodeText.Literal(lifecycle.Platform),
            // One line of the diagram a line of code, joined by the compiler into one constant.
            MermaidLiteral = string.Join(" +\n                    ", mermaid.TrimEnd('\n').Split('\n').Select(line => CodeText.Literal(line + "\n"))),
        };

        BuildTable(lifecycle, view, s, statusMembers, eventMembers, options, coder);
        BuildTimers(lifecycle, view, s, e, options, coder);
        BuildOptions(lifecycle, view, coder);
        BuildDescription(lifecycle, view, s, e);
        return view;
    }

    private static void BuildTable(LifecycleModel lifecycle, LifecycleView view, string s, EquatableArray<string> statusMembers, EquatableArray<string> eventMembers, Dictionary<string, OptionModel> options, GuardCoder coder)
    {
        var declared = new HashSet<string>(lifecycle.States.Select(x => x.Name), StringComparer.Ordinal);
        var statusIndex = statusMembers.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i, StringComparer.Ordinal);

        // Transitions by (state, event), in declaration order: one pass instead of a scan per cell.
        var byCell = new Dictionary<(string State, string Event), List<TransitionModel>>();
        foreach (TransitionModel t in lifecycle.Transitions)
        {
            foreach (string from in t.From.Select(f => f.Name).Distinct(StringComparer.Ordinal))
            {
                if (!byCell.TryGetValue((from, t.Event.Name), out List<TransitionModel>? list))
                {
                    byCell[(from, t.Event.Name)] = list = new List<TransitionModel>();
                }

                list.Add(t);
            }
        }

        // Guards read only options, so for a few distinct option tests ("atoms") the table is laid out once per
        // combination of their truth values and Fire reads the right copy: every cell is a single lookup.
        var atoms = GuardAtoms(lifecycle.Transitions.Select(t => t.Guard), options);
        bool specialized = atoms.Count <= MaxGuardAtoms;
        int keys = specialized ? 1 << atoms.Count : 1;
        view.Specialized = specialized;

        // Only the keys some valid options produce get a copy: capacityModel == TabBased and capacityModel ==
        // StatusBased never hold together, so of their 4 keys 2 are laid out. Options map their key to its copy.
        List<(int Key, Dictionary<string, string> Assignment)> reachable = specialized
            ? ReachableKeys(atoms, options)
            : new() { (0, new Dictionary<string, string>(StringComparer.Ordinal)) };
        var copyOfKey = new int[keys];
        for (int copy = 0; copy < reachable.Count; copy++)
        {
            copyOfKey[reachable[copy].Key] = copy;
        }

        view.CopyOfKey = reachable.Count < keys ? string.Join(", ", copyOfKey) : null;

        // Narrow cells (a byte of next status, a byte of outcome, a signed 16-bit transition index or guard group) make
        // Fire one load with no branch: the common case by far.
        view.Narrow = statusMembers.Count <= 0xFF && lifecycle.Transitions.Sum(t => (long)t.From.Count) < 0x7FFF;
        view.GuardKeyCount = reachable.Count;
        // GuardKey runs only when an option is set: Options keep the table copy it selects (relative to
        // default(Options)'s, so that all-zero fields mean zero), and Fire reads that in one load.
        view.GuardKeyCode = atoms.Count == 0 || !specialized
            ? null
            : string.Join("\n    | ", atoms.Select((atom, bit) => $"({AtomCode(atom, options, coder)} ? {1u << bit}u : 0u)"));
        if (view.GuardKeyCode is not null)
        {
            view.GuardedOptions = new HashSet<string>(atoms.Select(a => a.Option), StringComparer.Ordinal);
            view.DefaultGuardKey = copyOfKey[atoms.Select((atom, bit) => HoldsWhenZero(atom, options) ? 1 << bit : 0).Sum()];
        }

        view.GuardKeyDoc = atoms.Select((atom, bit) => $"bit {bit}: {atom.Text}").ToList();

        foreach ((int key, Dictionary<string, string> assignment) in reachable)
        {
            for (int row = 0; row < statusMembers.Count; row++)
            {
                string state = statusMembers[row];
                var cells = new List<Cell>();
                var notes = new List<string>();
                for (int column = 0; column < eventMembers.Count; column++)
                {
                    string ev = eventMembers[column];
                    var candidates = byCell.TryGetValue((state, ev), out List<TransitionModel>? found) ? found : new List<TransitionModel>();
                    int firstUnguarded = candidates.FindIndex(t => t.Guard is null);
                    if (firstUnguarded >= 0)
                    {
                        candidates = candidates.Take(firstUnguarded + 1).ToList();
                    }

                    Cell cell;
                    if (candidates.Count == 0)
                    {
                        cell = Cell.None;
                    }
                    else if (specialized)
                    {
                        // Guards are decided by the same logic the checks use, under options that give this key.
                        TransitionModel? taken = candidates.FirstOrDefault(t => GuardLogic.Holds(t.Guard, assignment));
                        if (taken is null)
                        {
                            cell = Cell.Rejected;
                            notes.Add($"{ev} -> no guard holds");
                        }
                        else
                        {
                            cell = Cell.To(statusIndex[taken.To.Name], taken.Index);
                            notes.Add($"{ev} -> {taken.To.Name} (#{taken.Index})");
                        }
                    }
                    else if (candidates[0].Guard is null)
                    {
                        TransitionModel t = candidates[0];
                        cell = Cell.To(statusIndex[t.To.Name], t.Index);
                        notes.Add($"{ev} -> {t.To.Name} (#{t.Index})");
                    }
                    else
                    {
                        var group = new GuardGroupView
                        {
                            Id = view.GuardGroups.Count,
                            Comment = $"{state} --{ev}-->",
                            FallsThrough = true,
                        };
                        foreach (TransitionModel t in candidates)
                        {
                            // A guard that never holds is left out; one that always holds ends the group (what follows
                            // it could never be reached, and the compiler would say so).
                            GuardCoder.Folded folded = t.Guard is null ? GuardCoder.Folded.True : coder.Fold(t.Guard);
                            if (folded.Constant == false)
                            {
                                continue;
                            }

                            group.Candidates.Add(new GuardCandidateView
                            {
                                Index = t.Index,
                                Target = t.To.Name,
                                Condition = folded.Constant == true ? null : folded.Code,
                                Comment = CodeText.OneLine($"-> {t.To.Name}{(t.GuardText is null ? string.Empty : " when " + GuardFormatter.Format(t.Guard!))}. Because: {t.Because}"),
                            });
                            if (folded.Constant == true)
                            {
                                group.FallsThrough = false;
                                break;
                            }
                        }

                        view.GuardGroups.Add(group);
                        cell = Cell.Guarded(group.Id);
                        notes.Add($"{ev} -> guarded (group {group.Id})");
                    }

                    cells.Add(cell);
                }

                for (int pad = eventMembers.Count; pad < view.ColumnCount; pad++)
                {
                    cells.Add(Cell.None);
                }

                string where = keys > 1 ? $"[{KeyText(atoms, key)}] " : string.Empty;
                string comment = !declared.Contains(state)
                    ? $"{where}{state} ({row}): not a state of this lifecycle"
                    : notes.Count == 0 ? $"{where}{state} ({row}): no transitions" : $"{where}{state} ({row}): {string.Join("; ", notes)}";
                view.TableRows.Add(new TableRowView
                {
                    Comment = comment,
                    Cells = string.Join("  ", cells.Select(c => Bytes(view.Narrow ? c.Narrow(row) : c.Wide, 4))),
                });
            }
        }
    }

    /// <summary>An option test as C#: an enum comparison written out, a bool or optional duration test as the coder writes it.</summary>
    private static string AtomCode(GuardAtom atom, Dictionary<string, OptionModel> options, GuardCoder coder) => atom.Test switch
    {
        GuardComparison c => $"options.{options[c.Option.Name].PropertyName} == {coder.EnumType(options[c.Option.Name])}.{c.Value.Name}",
        _ => coder.Code(atom.Test),
    };

    private static string Hex(uint value) => "0x" + value.ToString("X2", CultureInfo.InvariantCulture);

    private static string Bytes(uint value, int count) =>
        string.Join(", ", Enumerable.Range(0, count).Select(b => Hex((value >> (8 * b)) & 0xFF))) + ",";


    private static void BuildTimers(LifecycleModel lifecycle, LifecycleView view, string s, string e, Dictionary<string, OptionModel> options, GuardCoder coder)
    {
        foreach (TimerModel timer in lifecycle.Timers)
        {
            var conditions = new List<string>();
            string baseTicks = timer.Kind switch
            {
                TimerKindModel.Countdown => $"session.CountdownTicks({timer.CountdownSlot})",
                TimerKindModel.InState => "session.EnteredAtTicks",
            };
            if (timer.Kind == TimerKindModel.Countdown)
            {
                conditions.Add($"{baseTicks} != 0");
            }

            conditions.Add(IsOneOf("session.Status", s, timer.States.Select(x => x.Name)));
            if (timer.Guard is not null)
            {
                conditions.Add(coder.Code(timer.Guard));
            }

            string due;
            if (timer.After.LiteralTicks is { } literal)
            {
                due = $"{baseTicks} + {CodeText.Long(literal)}";
            }
            else
            {
                OptionModel option = options[timer.After.Option!.Value.Name];
                string variable = $"after{timer.Index}";
                conditions.Add(option.IsOptional
                    ? $"options.{option.PropertyName} is {{ }} {variable} && {variable}.Ticks > 0"
                    : $"options.{option.PropertyName}.Ticks > 0");
                due = option.IsOptional
                    ? $"{baseTicks} + {variable}.Ticks"
                    : $"{baseTicks} + options.{option.PropertyName}.Ticks";
            }

            string kind = timer.Kind switch
            {
                TimerKindModel.Countdown => $"countdown started by {string.Join(", ", timer.StartOn.Select(x => x.Name))}{(timer.Restart ? string.Empty : " (not restarted while running)")}",
                TimerKindModel.InState => "time in state",
            };
            view.Timers.Add(new TimerView
            {
                Index = timer.Index,
                Name = timer.Name,
                Target = timer.To.Name,
                Slot = timer.CountdownSlot,
                CanReenter = timer.States.Any(x => x.Name == timer.To.Name),
                Condition = string.Join(" && ", conditions.Select(c => c.Contains(" || ") ? "(" + c + ")" : c)),
                Due = due,
                Comment = CodeText.OneLine($"{kind} in {string.Join(", ", timer.States.Select(x => x.Name))}, after {timer.After.Text} -> {timer.To.Name}{(timer.Guard is null ? string.Empty : " when " + GuardFormatter.Format(timer.Guard))}. Because: {timer.Because}"),
            });

            if (timer.Kind == TimerKindModel.Countdown)
            {
                view.Countdowns.Add(new CountdownView
                {
                    Slot = timer.CountdownSlot,
                    Name = timer.Name,
                    States = string.Join(", ", timer.States.Select(x => x.Name)),
                    Start = string.Join(", ", timer.StartOn.Select(x => x.Name)),
                    Restart = timer.Restart,
                    Cancel = timer.CancelOn.IsEmpty ? "leaving those states" : string.Join(", ", timer.CancelOn.Select(x => x.Name)) + " or leaving those states",
                    InStates = IsOneOf("status", s, timer.States.Select(x => x.Name)),
                    NotInStates = IsNoneOf("status", s, timer.States.Select(x => x.Name)),
                    StartCondition = IsOneOf("@event", e, timer.StartOn.Select(x => x.Name)),
                    CancelCondition = timer.CancelOn.IsEmpty ? null : IsOneOf("@event", e, timer.CancelOn.Select(x => x.Name)),
                });
            }
        }
    }

    private static void BuildOptions(LifecycleModel lifecycle, LifecycleView view, GuardCoder coder)
    {
        foreach (OptionModel option in lifecycle.Options)
        {
            var optionView = new OptionView
            {
                Property = option.PropertyName,
                PropertyLiteral = CodeText.Literal(option.PropertyName),
                YamlName = option.Name,
                Field = OptionMembers.Field(option.PropertyName),
                Guarded = view.GuardedOptions.Contains(option.Name),
                FieldComment = "// Set only through the property, which checks the value.",
            };
            optionView.Getter = optionView.Field;
            optionView.Setter = "value";
            string description = option.Description.Length > 0 ? option.Description.TrimEnd('.') + ". " : string.Empty;
            switch (option.Kind)
            {
                case OptionKindModel.Enumeration:
                    string type = coder.EnumType(option);
                    optionView.Type = type;
                    optionView.FieldType = type;
                    optionView.DefaultCode = $"{type}.{option.Default}";
                    optionView.Doc = CodeText.Xml($"{description}One of {string.Join(", ", option.Values)}; default {option.Default}. (YAML: {option.Name})");
                    optionView.Check = OptionMembers.Check(option.PropertyName);
                    optionView.InvalidCondition = $"(uint)value >= {CodeText.Int(option.Values.Count)}u";
                    optionView.InvalidMessage = $"{CodeText.Literal($"Option '{option.Name}' is ")} + value + {CodeText.Literal($"; it must be one of: {string.Join(", ", option.Values)}.")}";
                    break;
                case OptionKindModel.Boolean:
                    optionView.Type = "bool";
                    optionView.FieldType = "bool";
                    optionView.DefaultCode = option.Default == "true" ? "true" : "false";
                    optionView.Doc = CodeText.Xml($"{description}Default {optionView.DefaultCode}. (YAML: {option.Name})");
                    break;
                case OptionKindModel.Duration:
                    // Without a max: the longest duration a definition may state, so that no deadline can overflow.
                    long max = option.MaxTicks ?? DurationParser.MaxTicks;
                    string range = DefinitionText.Range(option.MinTicks, max);
                    string defaultText = option.DefaultTicks is { } d ? DurationParser.Format(d) : "absent";
                    optionView.Type = option.IsOptional ? "global::System.TimeSpan?" : "global::System.TimeSpan";
                    optionView.Doc = CodeText.Xml($"{description}From {range}; default {defaultText}{(option.IsOptional ? "; null means absent" : string.Empty)}. (YAML: {option.Name})");
                    optionView.Check = OptionMembers.Check(option.PropertyName);
                    string ticks = option.IsOptional ? "duration.Ticks" : "value.Ticks";
                    var bounds = new List<string> { $"{ticks} <= 0", $"{ticks} > {CodeText.Long(max)}" };
                    if (option.MinTicks is { } min)
                    {
                        bounds.Insert(1, $"{ticks} < {CodeText.Long(min)}");
                    }

                    string test = string.Join(" || ", bounds);
                    optionView.InvalidCondition = option.IsOptional ? $"value is {{ }} duration && ({test})" : test;
                    optionView.InvalidMessage = $"{CodeText.Literal($"Option '{option.Name}' is ")} + value + {CodeText.Literal($"; it must be longer than zero and within {range}.")}";
                    if (option.IsOptional)
                    {
                        optionView.FieldType = "global::System.TimeSpan?";
                        optionView.DefaultCode = option.DefaultTicks is { } optionalDefault ? $"global::System.TimeSpan.FromTicks({CodeText.Long(optionalDefault)})" : "null";
                    }
                    else
                    {
                        // A duration option that is not optional has a default (the definition's checks see to it):
                        // its field holds the ticks from that default, so that default(Options) holds the default.
                        long defaultTicks = option.DefaultTicks ?? throw new InvalidOperationException($"Option '{option.Name}' has no default.");
                        optionView.FieldType = "long";
                        optionView.DefaultCode = $"global::System.TimeSpan.FromTicks({CodeText.Long(defaultTicks)})";
                        optionView.Getter = $"global::System.TimeSpan.FromTicks({optionView.Field} + {CodeText.Long(defaultTicks)})";
                        optionView.Setter = $"value.Ticks - {CodeText.Long(defaultTicks)}";
                        optionView.FieldComment = $"// Ticks from the default ({DurationParser.Format(defaultTicks)}), so that default(Options) holds the default; set only through the property, which checks the value.";
                    }

                    break;
                default:
                    throw new InvalidOperationException($"Option kind {option.Kind} is not emitted.");
            }

            string separator = view.Options.Count == 0 ? string.Empty : "; ";
            string local = "parsed_" + option.PropertyName;
            optionView.YamlNameLiteral = CodeText.Literal(option.Name);
            string prefix = CodeText.Literal(separator + option.Name + "=");
            (optionView.FormatCode, optionView.ParseCall, string expected) = option.Kind switch
            {
                OptionKindModel.Enumeration => (
                    $"{prefix} + options.{option.PropertyName}.ToString()",
                    $"global::SessionDsl.OptionText.TryParseEnum(pair.Value, out {local})",
                    $"one of {string.Join(", ", option.Values)}"),
                OptionKindModel.Boolean => (
                    $"{prefix} + global::SessionDsl.OptionText.FormatBoolean(options.{option.PropertyName})",
                    $"global::SessionDsl.OptionText.TryParseBoolean(pair.Value, out {local})",
                    "true or false"),
                OptionKindModel.Duration => (
                    $"{prefix} + global::SessionDsl.OptionText.FormatDuration(options.{option.PropertyName})",
                    option.IsOptional
                        ? $"global::SessionDsl.OptionText.TryParseOptionalDuration(pair.Value, out {local})"
                        : $"global::SessionDsl.OptionText.TryParseDuration(pair.Value, out {local})",
                    option.IsOptional ? "a duration such as 10m, or none" : "a duration such as 10m"),
            };
            optionView.ParseError = $"{CodeText.Literal($"Option '{option.Name}' cannot be '")} + pair.Value + {CodeText.Literal($"'; it takes {expected}.")}";
            view.Options.Add(optionView);
        }

        List<string> checks = view.Options.Where(o => o.Check is not null).Select(o => $"{o.Check}({o.Property})").ToList();
        view.ValidateChain = checks.Count == 0 ? "null" : string.Join(" ?? ", checks);
        view.OptionsTextExample = CodeText.Xml(lifecycle.Options.Count == 0
            ? "it declares no options, so the text is empty"
            : string.Join("; ", lifecycle.Options.Select(o => $"{o.Name}={ExampleValue(o)}")));
        view.OptionsKnownLiteral = CodeText.Literal(lifecycle.Options.Count == 0
            ? ", which declares no options."
            : $"; its options are: {string.Join(", ", lifecycle.Options.Select(o => o.Name))}.");
    }

    private static string ExampleValue(OptionModel option) => option.Kind switch
    {
        OptionKindModel.Enumeration => option.Default ?? option.Values[0],
        OptionKindModel.Boolean => option.Default == "true" ? "true" : "false",
        OptionKindModel.Duration => option.DefaultTicks is { } ticks ? DurationParser.Format(ticks) : "none",
    };

    private static void BuildDescription(LifecycleModel lifecycle, LifecycleView view, string s, string e)
    {
        foreach (StateModel state in lifecycle.States)
        {
            view.StateInfos.Add(Construct(
                $"global::SessionDsl.StateInfo<{s}>",
                ("Status", $"{s}.{state.Name}"),
                ("IsInitial", Bool(state.IsInitial)),
                ("IsFinal", Bool(state.IsFinal)),
                ("Description", Text(state.Description))));
        }

        foreach (EventModel ev in lifecycle.Events)
        {
            view.EventInfos.Add(Construct($"global::SessionDsl.EventInfo<{e}>", ("Event", $"{e}.{ev.Name}"), ("Description", Text(ev.Description))));
        }

        foreach (OptionModel option in lifecycle.Options)
        {
            string kind = option.Kind switch
            {
                OptionKindModel.Enumeration => "Enumeration",
                OptionKindModel.Boolean => "Boolean",
                OptionKindModel.Duration => "Duration",
            };
            string values = option.Values.IsEmpty ? "global::System.Array.Empty<string>()" : $"new string[] {{ {string.Join(", ", option.Values.Select(CodeText.Literal))} }}";
            string defaultText = option.Kind == OptionKindModel.Duration && option.DefaultTicks is { } d ? DurationParser.Format(d) : option.Default ?? string.Empty;
            view.OptionInfos.Add(Construct(
                "global::SessionDsl.OptionInfo",
                ("Name", CodeText.Literal(option.Name)),
                ("Kind", $"global::SessionDsl.OptionKind.{kind}"),
                ("Values", values),
                ("Default", defaultText.Length == 0 ? "null" : CodeText.Literal(defaultText)),
                ("Minimum", Ticks(option.MinTicks)),
                ("Maximum", Ticks(option.MaxTicks)),
                ("Description", Text(option.Description))));
        }

        foreach (TransitionModel t in lifecycle.Transitions)
        {
            string from = string.Join(", ", t.From.Select(f => $"{s}.{f.Name}"));
            view.TransitionInfos.Add(Construct(
                $"global::SessionDsl.TransitionInfo<{s}, {e}>",
                ("Index", CodeText.Int(t.Index)),
                ("From", $"new {s}[] {{ {from} }}"),
                ("Event", $"{e}.{t.Event.Name}"),
                ("To", $"{s}.{t.To.Name}"),
                ("Guard", t.Guard is null ? "null" : Text(GuardFormatter.Format(t.Guard))),
                ("Because", Text(t.Because)),
                ("Line", CodeText.Int(t.Span.StartLine + 1))));
        }

        foreach (TimerModel t in lifecycle.Timers)
        {
            string states = string.Join(", ", t.States.Select(x => $"{s}.{x.Name}"));
            string kind = t.Kind switch { TimerKindModel.Countdown => "Countdown", TimerKindModel.InState => "InState" };
            view.TimerInfos.Add(Construct(
                $"global::SessionDsl.TimerInfo<{s}, {e}>",
                ("Index", CodeText.Int(t.Index)),
                ("Name", CodeText.Literal(t.Name)),
                ("Kind", $"global::SessionDsl.TimerKind.{kind}"),
                ("States", $"new {s}[] {{ {states} }}"),
                ("After", CodeText.Literal(t.After.Text)),
                ("Duration", Ticks(t.After.LiteralTicks)),
                ("To", $"{s}.{t.To.Name}"),
                ("Guard", t.Guard is null ? "null" : Text(GuardFormatter.Format(t.Guard))),
                ("StartOn", Events(e, t.StartOn)),
                ("CancelOn", Events(e, t.CancelOn)),
                ("Restart", Bool(t.Restart)),
                ("CountdownSlot", CodeText.Int(t.CountdownSlot)),
                ("Because", Text(t.Because)),
                ("Line", CodeText.Int(t.Span.StartLine + 1))));
        }

        foreach (RuleModel r in lifecycle.Rules)
        {
            string statuses = string.Join(", ", r.Statuses.Select(x => $"{s}.{x.Name}"));
            string kind = r.Kind switch
            {
                RuleKindModel.RequireOthersIn => "RequireOthersIn",
                RuleKindModel.DeleteOnlyIn => "DeleteOnlyIn",
                RuleKindModel.MergeRepeatedIn => "MergeRepeatedIn",
            };
            view.RuleInfos.Add(Construct(
                $"global::SessionDsl.RuleInfo<{s}, {e}>",
                ("Index", CodeText.Int(r.Index)),
                ("Name", CodeText.Literal(r.Name)),
                ("Kind", $"global::SessionDsl.RuleKind.{kind}"),
                ("Statuses", $"new {s}[] {{ {statuses} }}"),
                ("On", Events(e, r.On)),
                ("Because", Text(r.Because)),
                ("Line", CodeText.Int(r.Span.StartLine + 1))));
        }
    }

    /// <summary>How much deeper than its entry a description entry's arguments sit (Scriban indents the entry's lines).</summary>
    private const string ArgumentIndent = "    ";

    /// <summary>
    /// One entry of the description's arrays: a constructor call with one named argument a line, so a reader sees what
    /// each value is, followed by the array's comma.
    /// </summary>
    private static string Construct(string type, params (string Name, string Value)[] arguments) =>
        $"new {type}(\n" + string.Join(",\n", arguments.Select(a => $"{ArgumentIndent}{a.Name}: {a.Value}")) + "),";

    /// <summary>Prose as a literal, split into concatenated pieces so that no generated line runs much past 120 columns.</summary>
    private static string Text(string value) => CodeText.WrappedLiteral(value, ArgumentIndent + "    ", 96);


    private static string Events(string e, EquatableArray<Named> events) =>
        events.IsEmpty ? $"global::System.Array.Empty<{e}>()" : $"new {e}[] {{ {string.Join(", ", events.Select(x => $"{e}.{x.Name}"))} }}";

    private static string Ticks(long? ticks) => ticks is { } t ? $"global::System.TimeSpan.FromTicks({CodeText.Long(t)})" : "null";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Join(EquatableArray<string> names) => names.Count switch
    {
        0 => "no lifecycle",
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1],
    };

    /// <summary><c>x == T.A</c> for one name, <c>x is T.A or T.B</c> for several, <c>false</c> for none.</summary>
    /// <summary>The negation of <see cref="IsOneOf"/>, written as C# would be by hand: <c>!=</c>, <c>is not (… or …)</c>.</summary>
    private static string IsNoneOf(string subject, string type, IEnumerable<string> names)
    {
        var list = names.Distinct(StringComparer.Ordinal).ToList();
        return list.Count switch
        {
            0 => "true",
            1 => $"{subject} != {type}.{list[0]}",
            _ => $"{subject} is not ({string.Join(" or ", list.Select(n => $"{type}.{n}"))})",
        };
    }

    private static string IsOneOf(string subject, string type, IEnumerable<string> names)
    {
        var list = names.Distinct(StringComparer.Ordinal).ToList();
        return list.Count switch
        {
            0 => "false",
            1 => $"{subject} == {type}.{list[0]}",
            _ => $"{subject} is {string.Join(" or ", list.Select(n => $"{type}.{n}"))}",
        };
    }


}
