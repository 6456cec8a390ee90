using System.Globalization;
using System.Text;

namespace SessionDsl.Generator.Tests.Oracle;

/// <summary>A disagreement between the generated code and the reference interpreter (or the definition), with what it takes to see it again.</summary>
internal sealed record Finding(CompiledDefinition Definition, string Kind, string What, Scenario? Scenario = null, string? Trace = null);

/// <summary>
/// Drives one compiled lifecycle and the reference interpreter side by side: random options within the definition's
/// bounds, random events (outside the lifecycle and unknown values too) and random clock moves (backwards, exactly at
/// a deadline, a tick either side, years ahead). After every step the outcome, the timers fired, the session state
/// and the next deadline must agree.
/// </summary>
internal sealed class OracleDriver
{
    private static readonly long MinTicks = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long MaxTicks = new DateTime(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly TimeSpan[] Pool = new[] { "1ms", "500ms", "1s", "90s", "1m", "15m", "1h", "1h30m", "30h", "2d", "3650d" }.Select(Durations.Parse).ToArray();

    private readonly CompiledDefinition _definition;
    private readonly ILifecycleProbe _probe;
    private readonly ReferenceLifecycle _oracle;
    private readonly LifecycleFacts _facts;
    private readonly Random _random;
    private readonly List<int> _initial;
    private readonly List<int> _stateValues;
    private readonly List<int> _otherStatuses;
    private readonly List<int> _otherEvents;
    private readonly List<int> _countdownEvents;
    private readonly List<int> _timerStates;
    private readonly int _statusLimit;
    private readonly int _eventLimit;
    private long _now;
    private long _callNow;
    private long _traceOrigin;
    private bool _timerIntoItsOwnStatus;

    public OracleDriver(CompiledDefinition definition, OracleFault fault, int seed)
    {
        _definition = definition;
        _probe = definition.Probe ?? throw new ArgumentException("not compiled", nameof(definition));
        _facts = _probe.Facts;
        var optional = definition.Spec.Options.Where(o => o.Optional).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        _oracle = new ReferenceLifecycle(_facts, optional, fault);
        _random = new Random(seed);
        _initial = _facts.States.Where(s => s.Initial).Select(s => s.Status).ToList();
        _stateValues = _facts.States.Select(s => s.Status).ToList();
        _otherStatuses = Enumerable.Range(0, _facts.StatusNames.Count).Except(_stateValues).ToList();
        _otherEvents = Enumerable.Range(0, _facts.EventNames.Count).Except(_facts.Events).ToList();
        _countdownEvents = _facts.Timers.SelectMany(t => t.Start.Concat(t.Cancel)).Distinct().ToList();
        _timerStates = _facts.Timers.SelectMany(t => t.States).Distinct().ToList();
        _statusLimit = _facts.StatusSize == 1 ? byte.MaxValue : ushort.MaxValue;
        _eventLimit = _facts.EventSize == 1 ? byte.MaxValue : ushort.MaxValue;
    }

    public long Comparisons { get; private set; }

    public long Steps { get; private set; }

    public List<Finding> Findings { get; } = new();

    /// <summary>What a run found that is a cap rather than a disagreement: a cycle of timers both sides fired without end.</summary>
    public int Unbounded { get; private set; }

    /// <summary>What the runs exercised, by name (outcomes, timers fired, ties, cascades, clocks behind the entry time), to show the comparisons meant something.</summary>
    public Dictionary<string, long> Coverage
    {
        get
        {
            _coverage["timers fired while another was due at the same moment (ties)"] = _oracle.TiesResolved;
            return _coverage;
        }
    }

    private readonly Dictionary<string, long> _coverage = new(StringComparer.Ordinal);

    private void Count(string what, long n = 1) => _coverage[what] = _coverage.GetValueOrDefault(what) + n;

    private void CountTimers(List<Fired> fired, string call)
    {
        Count($"timers fired in {call}", fired.Count);
        Count($"{call} calls that fired two or more timers (cascades)", fired.Count > 1 ? 1 : 0);
        Count("timers fired at the same deadline as the one before", fired.Zip(fired.Skip(1)).Count(p => p.First.Due == p.Second.Due));
        Count("timers fired whose deadline was before the call's now", fired.Count(f => f.Due < _callNow));
    }

    private bool Same<T>(T expected, T actual, string what, out string? mismatch)
    {
        Comparisons++;
        if (EqualityComparer<T>.Default.Equals(expected, actual))
        {
            mismatch = null;
            return true;
        }

        mismatch = $"{what}: oracle {expected}, generated {actual}";
        return false;
    }

    /// <summary>The description against the definition the test wrote, and the lifecycle's static members against the description.</summary>
    public void CheckStatics()
    {
        DefinitionSpec spec = _definition.Spec;
        void Check(bool holds, string what)
        {
            Comparisons++;
            if (!holds)
            {
                Findings.Add(new Finding(_definition, "description", what));
            }
        }

        Check(_facts.Name == spec.Lifecycle, $"Description.Name is '{_facts.Name}', the definition says '{spec.Lifecycle}'");
        Check(_facts.StatusNames.SequenceEqual(spec.StatusType.Members ?? spec.States.Select(s => s.Name).ToList()), $"status enum members [{string.Join(", ", _facts.StatusNames)}]");
        Check(_facts.EventNames.SequenceEqual(spec.EventType.Members ?? spec.Events.Select(e => e.Name).ToList()), $"event enum members [{string.Join(", ", _facts.EventNames)}]");
        Check(_facts.States.Select(s => (_facts.StatusNames[s.Status], s.Initial, s.Final)).SequenceEqual(spec.States.Select(s => (s.Name, s.Initial, s.Final))), "Description.States differ from the definition's states");
        Check(_facts.Events.Select(e => _facts.EventNames[e]).SequenceEqual(spec.Events.Select(e => e.Name)), "Description.Events differ from the definition's events");
        Check(_facts.Options.Select(o => o.Name).SequenceEqual(spec.Options.Select(o => o.Name)), $"Description.Options [{string.Join(", ", _facts.Options.Select(o => o.Name))}]");
        foreach (var (info, option) in _facts.Options.Zip(spec.Options))
        {
            OptionKind kind = option.Kind switch { OptionSpecKind.Enum => OptionKind.Enumeration, OptionSpecKind.Bool => OptionKind.Boolean, _ => OptionKind.Duration };
            Check(info.Kind == kind && info.Values.SequenceEqual(option.Values) && info.Minimum == option.Min && info.Maximum == option.Max, $"option '{option.Name}' is described as {info.Kind} [{string.Join(", ", info.Values)}] {info.Minimum}..{info.Maximum}");
            if (option.Kind == OptionSpecKind.Duration && option.Default is not null && info.Default != option.Default && info.Default is not null && Durations.TryParse(info.Default) == Durations.TryParse(option.Default))
            {
                // OptionInfo.Default says "as written in the YAML"; a duration comes back normalized (90s as 1m30s).
                RewrittenDefaults++;
                RewrittenDefaultExample ??= $"default '{option.Default}' is described as '{info.Default}'";
            }
            else
            {
                Check(option.Default is null || info.Default == option.Default, $"option '{option.Name}': Default '{info.Default}', the definition says '{option.Default}'");
            }

            Check(_probe.DefaultOptions[option.Name] == option.DefaultValue, $"DefaultOptions.{option.PropertyName} is {_probe.DefaultOptions[option.Name]}, the definition's default is {option.DefaultValue}");
        }

        Check(_facts.Transitions.Count == spec.Transitions.Count, $"{_facts.Transitions.Count} transitions described, {spec.Transitions.Count} declared");
        foreach (var (fact, t) in _facts.Transitions.Zip(spec.Transitions))
        {
            bool same = fact.From.Select(f => _facts.StatusNames[f]).SequenceEqual(t.From) && _facts.EventNames[fact.Event] == t.Event
                && _facts.StatusNames[fact.To] == t.To;
            Check(same, $"transition #{fact.Index} is described as [{string.Join(", ", fact.From.Select(f => _facts.StatusNames[f]))}] --{_facts.EventNames[fact.Event]}--> {_facts.StatusNames[fact.To]}");
            CheckGuard(fact.Guard, t.GuardText, $"transition #{fact.Index}");
        }

        Check(_facts.Timers.Count == spec.Timers.Count, $"{_facts.Timers.Count} timers described, {spec.Timers.Count} declared");
        var slots = new HashSet<int>();
        foreach (var (fact, t) in _facts.Timers.Zip(spec.Timers))
        {
            Check(fact.Name == t.Name && fact.Kind == (t.IsCountdown ? TimerKind.Countdown : TimerKind.InState), $"timer #{fact.Index} is described as {fact.Kind} '{fact.Name}'");
            Check(fact.States.Select(s => _facts.StatusNames[s]).SequenceEqual(t.In) && _facts.StatusNames[fact.To] == t.To, $"timer '{t.Name}' is described as in [{string.Join(", ", fact.States.Select(s => _facts.StatusNames[s]))}] to {_facts.StatusNames[fact.To]}");
            Check(fact.After == t.After && fact.Duration == Durations.TryParse(t.After), $"timer '{t.Name}' is described as after '{fact.After}' ({fact.Duration})");
            Check(fact.Start.Select(e => _facts.EventNames[e]).SequenceEqual(t.Start ?? []) && fact.Cancel.Select(e => _facts.EventNames[e]).SequenceEqual(t.Cancel ?? []), $"timer '{t.Name}' is described as started by [{string.Join(", ", fact.Start.Select(e => _facts.EventNames[e]))}], cancelled by [{string.Join(", ", fact.Cancel.Select(e => _facts.EventNames[e]))}]");
            CheckGuard(fact.Guard, t.GuardText, $"timer '{t.Name}'");
            Check(t.IsCountdown ? fact.Slot is >= 0 and < 4 && slots.Add(fact.Slot) : fact.Slot == -1, $"timer '{fact.Name}' has countdown slot {fact.Slot}");
        }

        int firstInitial = _facts.States.First(s => s.Initial).Status;
        Check(_facts.DefaultInitialStatus == firstInitial, $"DefaultInitialStatus is {_facts.StatusNames[_facts.DefaultInitialStatus]}, the first initial state is {_facts.StatusNames[firstInitial]}");
        for (int status = 0; status <= Math.Min(_statusLimit, _facts.StatusNames.Count + 3); status++)
        {
            Check(_probe.IsInitial(status) == _oracle.IsInitial(status), $"IsInitial({status}) is {_probe.IsInitial(status)}");
            Check(_probe.IsFinal(status) == _oracle.IsFinal(status), $"IsFinal({status}) is {_probe.IsFinal(status)}");
        }
    }

    /// <summary>Guards the description writes otherwise than the definition, with the same meaning (TransitionInfo.Guard says "as written").</summary>
    public int RewrittenGuards { get; private set; }

    public string? RewrittenGuardExample { get; private set; }

    /// <summary>Duration defaults the description writes otherwise than the definition (OptionInfo.Default says "as written").</summary>
    public int RewrittenDefaults { get; private set; }

    public string? RewrittenDefaultExample { get; private set; }

    private void CheckGuard(string? described, string? written, string what)
    {
        Comparisons++;
        if (described == written)
        {
            return;
        }

        string? problem = described is null || written is null ? "one of them is missing" : Equivalence(described, written);
        if (problem is null)
        {
            RewrittenGuards++;
            RewrittenGuardExample ??= $"'{written}' is described as '{described}'";
        }
        else
        {
            Findings.Add(new Finding(_definition, "description", $"{what}: the guard written '{written}' is described as '{described}': {problem}"));
        }
    }

    /// <summary>Null when the two guards hold for the same option values (all combinations, or 4,096 random ones); otherwise a combination where they differ.</summary>
    private string? Equivalence(string described, string written)
    {
        OracleGuard a, b;
        try
        {
            a = OracleGuard.Parse(described);
            b = OracleGuard.Parse(written);
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }

        var options = _definition.Spec.Options;
        var choices = options.Select(o => o.Kind switch
        {
            OptionSpecKind.Enum => o.Values.Select(OptionValue.Of).ToArray(),
            OptionSpecKind.Bool => [OptionValue.Of(false), OptionValue.Of(true)],
            _ => o.Optional ? [OptionValue.Of((TimeSpan?)null), OptionValue.Of(TimeSpan.FromHours(1))] : [OptionValue.Of(TimeSpan.FromHours(1))],
        }).ToArray();
        double combinations = choices.Aggregate(1.0, (n, c) => n * c.Length);
        var random = new Random(17);
        for (int i = 0; i < Math.Min(combinations, 4096); i++)
        {
            var values = new Dictionary<string, OptionValue>(StringComparer.Ordinal);
            long rest = i;
            for (int o = 0; o < options.Count; o++)
            {
                int pick = combinations <= 4096 ? (int)(rest % choices[o].Length) : random.Next(choices[o].Length);
                rest /= choices[o].Length;
                values[options[o].Name] = choices[o][pick];
            }

            if (a.Holds(n => values[n], _oracle.Option) != b.Holds(n => values[n], _oracle.Option))
            {
                return "they differ when " + string.Join(", ", values.Select(v => $"{v.Key}={v.Value.Member ?? (options.First(o => o.Name == v.Key).Kind == OptionSpecKind.Bool ? v.Value.Flag.ToString() : v.Value.Duration?.ToString() ?? "absent")}"));
            }
        }

        return null;
    }

    public void Drive(int runs, int stepsPerRun)
    {
        for (int r = 0; r < runs && Findings.Count < 3; r++)
        {
            var options = RandomOptions();
            int initial = _initial[_random.Next(_initial.Count)];
            long origin = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks + (long)(_random.NextDouble() * TimeSpan.FromDays(36_500).Ticks);
            var problems = new List<string>();
            var values = options ?? ZeroOptions();
            ILifecycleRun run = _probe.Begin(options, ExpectedText(values), problems);
            Comparisons += 3;
            foreach (string problem in problems)
            {
                Findings.Add(new Finding(_definition, "options", problem, new Scenario(options, initial, origin, [])));
            }

            if (r == 0 && _otherStatuses.Concat(_stateValues.Where(s => !_oracle.IsInitial(s))).FirstOrDefault(-1) is var notInitial and >= 0)
            {
                Comparisons++;
                if (run.Start(notInitial, origin))
                {
                    Findings.Add(new Finding(_definition, "start", $"Start({_facts.StatusNames[notInitial]}) accepted a status that is not initial"));
                }
            }

            var steps = new List<Step>();
            var scenario = new Scenario(options, initial, origin, steps);
            var session = new ReferenceSession { Status = initial, Entered = origin };
            _now = origin;
            _traceOrigin = origin;
            string? mismatch = Begin(run, scenario);
            for (int s = 0; mismatch is null && s < stepsPerRun; s++)
            {
                Step step = NextStep(session, values);
                steps.Add(step);
                Steps++;
                mismatch = Execute(step, run, session, values, null);
            }

            if (mismatch is not null)
            {
                if (mismatch.StartsWith("unbounded:", StringComparison.Ordinal))
                {
                    Unbounded++;
                    if (!KnownBugs.IncludeTimerCycles)
                    {
                        Findings.Add(new Finding(_definition, "unbounded", mismatch, scenario with { Steps = steps.ToList() }));
                    }

                    continue;
                }

                // Told apart because docs/dsl.md is read here one way ("a self-transition keeps the clock") where the
                // generated code goes the other (the target is entered again at the deadline).
                string kind = _timerIntoItsOwnStatus ? "behaviour (a timer fired into the status the session was in)" : "behaviour";
                Findings.Add(new Finding(_definition, kind, mismatch, scenario with { Steps = steps.ToList() }));
            }
        }
    }

    /// <summary>Replays a scenario from the start; the first disagreement, and a trace of what the oracle expected at each step.</summary>
    public (string? Mismatch, string Trace) Replay(Scenario scenario)
    {
        var values = scenario.Options ?? ZeroOptions();
        ILifecycleRun run = _probe.Begin(scenario.Options, ExpectedText(values), new List<string>());
        var session = new ReferenceSession { Status = scenario.Initial, Entered = scenario.Origin };
        _traceOrigin = scenario.Origin;
        var trace = new StringBuilder();
        trace.Append("  Start(").Append(_facts.StatusNames[scenario.Initial]).Append(", t0)\n");
        string? mismatch = Begin(run, scenario);
        foreach (Step step in scenario.Steps)
        {
            if (mismatch is not null)
            {
                break;
            }

            trace.Append("  ").Append(step.Describe(_facts, scenario.Origin));
            mismatch = Execute(step, run, session, values, trace);
            trace.Append('\n');
        }

        return (mismatch, trace.ToString());
    }

    /// <summary>Drops every step, and resets every option to its default, that the disagreement does not need.</summary>
    public Scenario Shrink(Scenario scenario)
    {
        var steps = scenario.Steps.ToList();
        for (int i = 0; i < steps.Count && steps.Count > 1;)
        {
            var without = steps.Where((_, j) => j != i).ToList();
            if (Replay(scenario with { Steps = without }).Mismatch is not null)
            {
                steps = without;
            }
            else
            {
                i++;
            }
        }

        scenario = scenario with { Steps = steps };
        if (scenario.Options is { } options)
        {
            foreach (OptionSpec option in _definition.Spec.Options)
            {
                var simpler = new Dictionary<string, OptionValue>(scenario.Options!, StringComparer.Ordinal) { [option.Name] = option.DefaultValue };
                if (Replay(scenario with { Options = simpler }).Mismatch is not null)
                {
                    scenario = scenario with { Options = simpler };
                }
            }
        }

        return scenario;
    }

    public string OptionsText(IReadOnlyDictionary<string, OptionValue>? options) =>
        options is null ? "default(Options)" : ExpectedText(options) is { Length: > 0 } text ? text : "(no options)";

    private string? Begin(ILifecycleRun run, Scenario scenario)
    {
        bool started = run.Start(scenario.Initial, scenario.Origin);
        Comparisons++;
        if (!started)
        {
            return $"Start({_facts.StatusNames[scenario.Initial]}) refused an initial state";
        }

        var session = new ReferenceSession { Status = scenario.Initial, Entered = scenario.Origin };
        return CompareState(session, run, scenario.Options ?? ZeroOptions());
    }

    private string? CompareState(ReferenceSession expected, ILifecycleRun run, IReadOnlyDictionary<string, OptionValue> options)
    {
        ReferenceSession actual = run.State();
        // Values compared as they are, written out only when they differ.
        string Slot(long ticks) => ticks == 0 ? "stopped" : "started " + At(ticks);
        string Deadline(long? ticks) => ticks is { } t ? At(t) : "none";
        if (!Same(expected.Status, actual.Status, "status", out _))
        {
            return $"status: oracle {Name(expected.Status)}, generated {Name(actual.Status)}";
        }

        if (!Same(expected.Entered, actual.Entered, "entered at", out _))
        {
            return $"entered at: oracle {At(expected.Entered)}, generated {At(actual.Entered)}";
        }

        for (int slot = 0; slot < 4; slot++)
        {
            if (!Same(expected.Countdowns[slot], actual.Countdowns[slot], "countdown", out _))
            {
                return $"countdown slot {slot}: oracle {Slot(expected.Countdowns[slot])}, generated {Slot(actual.Countdowns[slot])}";
            }
        }

        long? next = _oracle.Next(expected, options)?.Due;
        long? actualNext = run.NextDeadline();
        return Same(next, actualNext, "NextDeadline", out _) ? null : $"NextDeadline: oracle {Deadline(next)}, generated {Deadline(actualNext)}";
    }

    private string? Execute(Step step, ILifecycleRun run, ReferenceSession session, IReadOnlyDictionary<string, OptionValue> options, StringBuilder? trace)
    {
        _timerIntoItsOwnStatus = false;
        string? mismatch;
        switch (step)
        {
            case FireStep fire:
            {
                Outcome expected = _oracle.Fire(fire.Status, fire.Event, options);
                Count($"Fire: {expected.Kind}");
                trace?.Append(" -> ").Append(Describe(expected));
                if (!Try(() => run.Fire(fire.Status, fire.Event), out Outcome actual, out mismatch))
                {
                    return mismatch;
                }

                return Same(expected, actual, "Fire", out _) ? null : $"Fire: oracle {Describe(expected)}, generated {Describe(actual)}";
            }

            case ApplyStep apply:
            {
                var expectedFired = new List<Fired>();
                var actualFired = new List<Fired>();
                Outcome expected;
                bool unbounded = false;
                try
                {
                    _callNow = apply.At;
                    Count(apply.At < session.Entered ? "Apply with now before the entry time" : "Apply with now at or after the entry time");
                    expected = _oracle.Apply(session, apply.Event, apply.At, options, expectedFired);
                    Count($"Apply: {expected.Kind}");
                    CountTimers(expectedFired, "Apply");
                }
                catch (UnboundedTimersException)
                {
                    unbounded = true;
                    expected = default;
                }

                _timerIntoItsOwnStatus = expectedFired.Any(f => f.From == f.To);
                trace?.Append(" -> ").Append(Describe(expected)).Append(Fires(expectedFired, session)).Append(State(session, options));
                if (!Try(() => run.Apply(apply.Event, apply.At, actualFired), out Outcome actual, out mismatch))
                {
                    return unbounded && mismatch!.Contains(nameof(UnboundedTimersException), StringComparison.Ordinal) ? "unbounded: both fired more than " + ReferenceLifecycle.MaxFirings + " timers in one Apply" : mismatch;
                }

                if (unbounded)
                {
                    return $"the oracle fired more than {ReferenceLifecycle.MaxFirings} timers in one Apply; the generated code returned {Describe(actual)} after {actualFired.Count}";
                }

                if (!SameFired(expectedFired, actualFired, out mismatch))
                {
                    return mismatch;
                }

                if (!Same(expected, actual, "Apply", out _))
                {
                    return $"Apply: oracle {Describe(expected)}, generated {Describe(actual)}";
                }

                return CompareState(session, run, options);
            }

            case AdvanceStep advance:
            {
                var expectedFired = new List<Fired>();
                var actualFired = new List<Fired>();
                int expected;
                bool unbounded = false;
                try
                {
                    _callNow = advance.At;
                    Count(advance.At < session.Entered ? "Advance with now before the entry time" : "Advance with now at or after the entry time");
                    expected = _oracle.Advance(session, advance.At, options, expectedFired);
                    CountTimers(expectedFired, "Advance");
                }
                catch (UnboundedTimersException)
                {
                    unbounded = true;
                    expected = -1;
                }

                _timerIntoItsOwnStatus = expectedFired.Any(f => f.From == f.To);
                trace?.Append(" -> ").Append(expected).Append(" fired").Append(Fires(expectedFired, session)).Append(State(session, options));
                if (!Try(() => run.Advance(advance.At, actualFired), out int actual, out mismatch))
                {
                    return unbounded && mismatch!.Contains(nameof(UnboundedTimersException), StringComparison.Ordinal) ? "unbounded: both fired more than " + ReferenceLifecycle.MaxFirings + " timers in one Advance" : mismatch;
                }

                if (unbounded)
                {
                    return $"the oracle fired more than {ReferenceLifecycle.MaxFirings} timers in one Advance; the generated code returned {actual}";
                }

                if (!SameFired(expectedFired, actualFired, out mismatch) || !Same(expected, actual, "Advance's count", out mismatch))
                {
                    return mismatch;
                }

                return CompareState(session, run, options);
            }

            case RestoreStep restore:
            {
                session.Status = restore.Status;
                session.Entered = restore.Entered;
                session.Countdowns = (long[])restore.Countdowns.Clone();
                trace?.Append(State(session, options));
                if (!Try(() => { run.Restore(session); return 0; }, out _, out mismatch))
                {
                    return mismatch;
                }

                return CompareState(session, run, options);
            }

            default:
                throw new InvalidOperationException(step.GetType().Name);
        }
    }

    private static bool Try<T>(Func<T> call, out T result, out string? mismatch)
    {
        try
        {
            result = call();
            mismatch = null;
            return true;
        }
        catch (Exception ex)
        {
            result = default!;
            mismatch = $"the generated code threw {ex.GetType().Name}: {ex.Message}";
            return false;
        }
    }

    private bool SameFired(List<Fired> expected, List<Fired> actual, out string? mismatch)
    {
        for (int i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            Fired? Item(List<Fired> list) => i < list.Count ? list[i] : null;
            string Text(Fired? f) => f is { } x ? $"timer #{x.Timer} {Name(x.From)} -> {Name(x.To)} due {At(x.Due)}" : "nothing";
            if (!Same(Item(expected), Item(actual), "timer fired", out _))
            {
                mismatch = $"timer fired #{i + 1}: oracle {Text(Item(expected))}, generated {Text(Item(actual))}";
                return false;
            }
        }

        mismatch = null;
        return true;
    }

    private string Name(int status) => status < _facts.StatusNames.Count ? _facts.StatusNames[status] : $"(status){status}";

    private string Describe(Outcome outcome) => outcome.Kind == TransitionOutcome.Applied
        ? $"Applied {Name(outcome.From)} -> {Name(outcome.To)} (#{outcome.Index})"
        : $"{outcome.Kind} in {Name(outcome.From)} (to {Name(outcome.To)}, #{outcome.Index})";

    private string Fires(List<Fired> fired, ReferenceSession session) =>
        fired.Count == 0 ? string.Empty : "; timers: " + string.Join(", ", fired.Select(f => $"{_facts.Timers[f.Timer].Name} {Name(f.From)} -> {Name(f.To)} at {At(f.Due)}"));

    private string State(ReferenceSession session, IReadOnlyDictionary<string, OptionValue> options) =>
        $"; now {Name(session.Status)} entered {At(session.Entered)}, countdowns [{string.Join(", ", session.Countdowns.Select(c => c == 0 ? "-" : At(c)))}], next {(_oracle.Next(session, options)?.Due is { } due ? At(due) : "none")}";

    /// <summary>A time in a trace, as an offset from the scenario's start (t0).</summary>
    private string At(long ticks) => "t0" + Durations.Offset(ticks - _traceOrigin);

    private Step NextStep(ReferenceSession session, IReadOnlyDictionary<string, OptionValue> options)
    {
        // A session that can go nowhere (a final state, say) has nothing left to test: mostly, put it somewhere else.
        bool stuck = !_facts.Transitions.Any(t => t.From.Contains(session.Status)) && _oracle.Next(session, options) is null;
        if (stuck && _random.Next(10) < 7)
        {
            return Restore(options);
        }

        int roll = _random.Next(100);
        if (roll < 15)
        {
            return new FireStep(PickStatus(), PickEvent(session));
        }

        if (roll < 55)
        {
            return new ApplyStep(PickEvent(session), PickTime(session, options));
        }

        if (roll < 90)
        {
            return new AdvanceStep(PickTime(session, options));
        }

        if (roll < 94)
        {
            return Restore(options);
        }

        return new AdvanceStep(_oracle.Next(session, options)?.Due is { } due && due <= MaxTicks ? _now = due : PickTime(session, options));
    }

    private int PickStatus()
    {
        int roll = _random.Next(100);
        if (roll < 15 && _otherStatuses.Count > 0)
        {
            return _otherStatuses[_random.Next(_otherStatuses.Count)];
        }

        if (roll < 30 && _facts.StatusNames.Count <= _statusLimit)
        {
            return _random.Next(_facts.StatusNames.Count, _statusLimit + 1);
        }

        return _stateValues[_random.Next(_stateValues.Count)];
    }

    private int PickEvent(ReferenceSession session)
    {
        int roll = _random.Next(100);
        var permitted = _facts.Transitions.Where(t => t.From.Contains(session.Status)).Select(t => t.Event).ToList();
        if (roll < 45 && permitted.Count > 0)
        {
            return permitted[_random.Next(permitted.Count)];
        }

        if (roll < 65 && _countdownEvents.Count > 0)
        {
            return _countdownEvents[_random.Next(_countdownEvents.Count)];
        }

        if (roll < 85 && _facts.Events.Count > 0)
        {
            return _facts.Events[_random.Next(_facts.Events.Count)];
        }

        if (roll < 93 && _otherEvents.Count > 0)
        {
            return _otherEvents[_random.Next(_otherEvents.Count)];
        }

        return _facts.EventNames.Count <= _eventLimit ? _random.Next(_facts.EventNames.Count, _eventLimit + 1) : _random.Next(_facts.EventNames.Count);
    }

    private long PickTime(ReferenceSession session, IReadOnlyDictionary<string, OptionValue> options)
    {
        long? next = _oracle.Next(session, options)?.Due;
        long at = _random.Next(100) switch
        {
            < 8 => _now,
            < 30 => _now + LogRandom(TimeSpan.FromHours(3).Ticks),
            < 50 when next is { } d => d,
            < 58 when next is { } d => d - 1,
            < 66 when next is { } d => d + 1,
            < 73 => _now - LogRandom(TimeSpan.FromDays(2).Ticks),
            < 78 => session.Entered - _random.Next(3),
            < 84 => _now + TimeSpan.FromDays(365.25 * _random.Next(1, 31)).Ticks + _random.Next(1000),
            _ => _now + Pool[_random.Next(Pool.Length)].Ticks,
        };
        _now = Math.Clamp(at, MinTicks, MaxTicks);
        return _now;
    }

    private long LogRandom(long max) => Math.Max(1, (long)Math.Pow(max, _random.NextDouble()));

    private RestoreStep Restore(IReadOnlyDictionary<string, OptionValue> options)
    {
        int roll = _random.Next(10);
        int status = roll == 0 && _otherStatuses.Count > 0 ? _otherStatuses[_random.Next(_otherStatuses.Count)]
            : roll < 7 && _timerStates.Count > 0 ? _timerStates[_random.Next(_timerStates.Count)]
            : _stateValues[_random.Next(_stateValues.Count)];
        long entered = Math.Max(MinTicks, _now - LogRandom(TimeSpan.FromDays(30).Ticks));
        var countdowns = new long[4];
        foreach (TimerFact countdown in _facts.Timers.Where(t => t.Kind == TimerKind.Countdown))
        {
            countdowns[countdown.Slot] = _random.Next(2) == 0 ? 0 : Math.Max(MinTicks, _now - LogRandom(TimeSpan.FromDays(30).Ticks));
        }

        // Only what a session could have come to: no timer due at or before the entry time that has not fired (with
        // options fixed, it would have fired before the session entered its status). Such a state is where docs/dsl.md's
        // "a now earlier than the entry time counts as the entry time" and "a timer enters its target at its deadline"
        // pull apart, and where the generated Advance does not clamp.
        // So also no countdown running outside its states: leaving them stops it.
        var restored = new ReferenceSession { Status = status, Entered = entered, Countdowns = countdowns };
        foreach (TimerFact countdown in _facts.Timers.Where(t => t.Kind == TimerKind.Countdown))
        {
            if (!countdown.States.Contains(status) || (_oracle.Due(countdown, restored, options) is { } due && due <= entered))
            {
                countdowns[countdown.Slot] = 0;
            }
        }

        return new RestoreStep(status, entered, countdowns);
    }

    /// <summary>Random values within the definition's bounds; sometimes the defaults, sometimes (null) <c>default(TOptions)</c>.</summary>
    private Dictionary<string, OptionValue>? RandomOptions()
    {
        DefinitionSpec spec = _definition.Spec;
        int roll = _random.Next(100);
        if (roll < 5 && spec.Options.All(o => o.Kind != OptionSpecKind.Duration || o.Optional))
        {
            return null;
        }

        var values = new Dictionary<string, OptionValue>(StringComparer.Ordinal);
        foreach (OptionSpec option in spec.Options)
        {
            values[option.Name] = roll < 15 ? option.DefaultValue : option.Kind switch
            {
                OptionSpecKind.Enum => OptionValue.Of(option.Values[_random.Next(option.Values.Count)]),
                OptionSpecKind.Bool => OptionValue.Of(_random.Next(2) == 0),
                _ => OptionValue.Of(option.Optional && _random.Next(4) == 0 ? null : RandomDuration(option)),
            };
        }

        return values;
    }

    private TimeSpan RandomDuration(OptionSpec option)
    {
        long low = option.Min?.Ticks ?? 1;
        long high = option.Max?.Ticks ?? TimeSpan.FromDays(3650).Ticks;
        var inRange = Pool.Where(p => p.Ticks >= low && p.Ticks <= high).ToList();
        return _random.Next(10) switch
        {
            < 5 when inRange.Count > 0 => inRange[_random.Next(inRange.Count)],
            5 => TimeSpan.FromTicks(low),
            6 => TimeSpan.FromTicks(high),
            _ => TimeSpan.FromTicks(low + (long)(_random.NextDouble() * (high - low))),
        };
    }

    /// <summary>The values <c>default(TOptions)</c> holds: every enum its first value, every bool false, every duration absent.</summary>
    private Dictionary<string, OptionValue> ZeroOptions() => _definition.Spec.Options.ToDictionary(
        o => o.Name,
        o => o.Kind switch { OptionSpecKind.Enum => OptionValue.Of(o.Values[0]), OptionSpecKind.Bool => OptionValue.Of(false), _ => OptionValue.Of((TimeSpan?)null) },
        StringComparer.Ordinal);

    /// <summary>What <c>FormatOptions</c> should write: every option by its YAML name, in declaration order (ILifecycle's contract).</summary>
    private string ExpectedText(IReadOnlyDictionary<string, OptionValue> values) => string.Join("; ", _facts.Options.Select(o => o.Name + "=" + (o.Kind switch
    {
        OptionKind.Enumeration => values[o.Name].Member,
        OptionKind.Boolean => values[o.Name].Flag ? "true" : "false",
        _ => Durations.FormatOptionText(values[o.Name].Duration),
    })));
}
