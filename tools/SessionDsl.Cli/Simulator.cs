using SessionDsl.Language.Model;
using SessionDsl.Language.Validation;

namespace SessionDsl.Cli;

/// <summary>A timer that fired: which, from where to where, and the deadline it fired at (the target's entry time).</summary>
internal readonly record struct FiredTimer(string Timer, string From, string To, long Due);

/// <summary>What one event did: Applied, NotPermitted or GuardRejected (the runtime's TransitionOutcome names), and the transition applied.</summary>
internal readonly record struct EventResult(string Outcome, string From, string To, TransitionModel? Transition = null);

/// <summary>
/// One session of a lifecycle, run on the <see cref="LifecycleModel"/> itself with docs/dsl.md's run-time semantics
/// ("Timers", "Transitions", "Run-time semantics the generator decides"), independently of the generated code:
/// due timers fire before an event, in deadline order with ties in declaration order, each entering its target at its
/// deadline; a transition to the current state keeps the entry time; countdowns are updated after an applied event in
/// the documented order; a time before the entry time counts as the entry time. Times are ticks on a fake clock.
/// </summary>
internal sealed class Simulator
{
    /// <summary>More firings than this in one call means timers that cycle without time passing.</summary>
    public const int MaxFirings = 10_000;

    private readonly LifecycleModel _lifecycle;
    private readonly SimulationOptions _options;
    private readonly long?[] _countdowns;

    public Simulator(LifecycleModel lifecycle, SimulationOptions options, string status, long now)
    {
        _lifecycle = lifecycle;
        _options = options;
        _countdowns = new long?[lifecycle.Countdowns.Count()]; // slot i is the i-th countdown declared
        Status = status;
        Entered = now;
    }

    public string Status { get; private set; }

    /// <summary>When the session entered <see cref="Status"/>: in-state timers count from here.</summary>
    public long Entered { get; private set; }

    /// <summary>When countdown slot <paramref name="slot"/> started, or null while it is stopped.</summary>
    public long? Countdown(int slot) => slot < _countdowns.Length ? _countdowns[slot] : null; // a slot no countdown uses never runs

    /// <summary>Applies <paramref name="event"/> at <paramref name="now"/>, after firing every timer due by then.</summary>
    public EventResult Apply(string @event, long now, List<FiredTimer> fired)
    {
        now = Math.Max(now, Entered);
        Advance(now, fired);
        string from = Status;
        List<TransitionModel> candidates = _lifecycle.Transitions.Where(t => t.Event.Name == @event && t.From.Any(f => f.Name == from)).ToList();
        if (candidates.Count == 0)
        {
            return new EventResult("NotPermitted", from, from);
        }

        // Transitions are tried in declaration order; the first whose guard holds wins.
        TransitionModel? chosen = candidates.FirstOrDefault(t => _options.Holds(t.Guard));
        if (chosen is null)
        {
            return new EventResult("GuardRejected", from, from);
        }

        // A self-transition keeps the entry time.
        if (chosen.To.Name != Status)
        {
            Status = chosen.To.Name;
            Entered = now;
        }

        foreach (TimerModel countdown in _lifecycle.Countdowns)
        {
            bool starts = countdown.StartOn.Any(e => e.Name == @event);
            bool cancels = countdown.CancelOn.Any(e => e.Name == @event);
            if (!InStates(countdown))
            {
                _countdowns[countdown.CountdownSlot] = null;
            }
            else if (starts)
            {
                // restart: false keeps a running countdown's first start.
                if (countdown.Restart || _countdowns[countdown.CountdownSlot] is null)
                {
                    _countdowns[countdown.CountdownSlot] = now;
                }
            }
            else if (cancels)
            {
                _countdowns[countdown.CountdownSlot] = null;
            }
        }

        return new EventResult("Applied", from, Status, chosen);
    }

    /// <summary>Fires every timer due at or before <paramref name="now"/>, each computed again from the state the last left.</summary>
    public void Advance(long now, List<FiredTimer> fired)
    {
        now = Math.Max(now, Entered);
        int count = 0;
        while (Next() is { } next && next.Due <= now)
        {
            if (++count > MaxFirings)
            {
                throw new InvalidOperationException($"more than {MaxFirings} timers fired at one moment: the timers cycle");
            }

            TimerModel timer = next.Timer;
            string from = Status;
            if (timer.Kind == TimerKindModel.Countdown)
            {
                _countdowns[timer.CountdownSlot] = null;
            }

            // A timer into the current state is a self-transition: it keeps the clock.
            if (timer.To.Name != Status)
            {
                Status = timer.To.Name;
                Entered = next.Due;
            }

            foreach (TimerModel countdown in _lifecycle.Countdowns.Where(c => !InStates(c)))
            {
                _countdowns[countdown.CountdownSlot] = null;
            }

            fired.Add(new FiredTimer(timer.Name, from, timer.To.Name, next.Due));
        }
    }

    /// <summary>When the next timer falls due, or null when none runs.</summary>
    public long? NextDue => Next()?.Due;

    /// <summary>Which countdowns run, one bit a slot: with <see cref="Status"/>, what decides the session's future moves.</summary>
    public int RunningCountdowns
    {
        get
        {
            int mask = 0;
            for (int slot = 0; slot < _countdowns.Length; slot++)
            {
                mask |= _countdowns[slot] is null ? 0 : 1 << slot;
            }

            return mask;
        }
    }

    /// <summary>The next timer due: the earliest deadline, ties in declaration order; null when none runs.</summary>
    private (long Due, TimerModel Timer)? Next()
    {
        (long Due, TimerModel Timer)? best = null;
        foreach (TimerModel timer in _lifecycle.Timers)
        {
            if (Due(timer) is { } due && (best is null || due < best.Value.Due))
            {
                best = (due, timer);
            }
        }

        return best;
    }

    private long? Due(TimerModel timer)
    {
        if (!InStates(timer) || !_options.Holds(timer.Guard))
        {
            return null;
        }

        // An absent optional duration option: the timer does not run.
        long? after = timer.After.LiteralTicks ?? (timer.After.Option is { } option ? _options.Duration(option.Name) : null);
        long? start = timer.Kind switch
        {
            TimerKindModel.Countdown => _countdowns[timer.CountdownSlot],
            TimerKindModel.InState => Entered,
        };
        if (after is null || start is null)
        {
            return null;
        }

        // A countdown that fell due before the current state was entered is due at the entry time.
        return Math.Max(start.Value + after.Value, Entered);
    }

    private bool InStates(TimerModel timer) => timer.States.Any(s => s.Name == Status);
}

/// <summary>
/// A lifecycle's option values for a simulation: every option's value as text (an enumeration's value name,
/// <c>true</c>/<c>false</c>, a duration's ticks), defaults filled in. Guards read them the way
/// docs/dsl.md ("Guards") says: a bare option holds when a bool is true or a duration is set.
/// </summary>
internal sealed class SimulationOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long?> _durations = new(StringComparer.Ordinal);

    /// <summary>The options' defaults, overridden by <paramref name="given"/> (enum value names, "true"/"false", ticks or null for absent).</summary>
    public SimulationOptions(LifecycleModel lifecycle, IReadOnlyDictionary<string, object?> given)
    {
        foreach (OptionModel option in lifecycle.Options)
        {
            bool hasValue = given.TryGetValue(option.Name, out object? value);
            switch (option.Kind)
            {
                case OptionKindModel.Duration:
                    long? ticks = hasValue ? (long?)value : option.DefaultTicks;
                    _durations[option.Name] = ticks;
                    _values[option.Name] = ticks is null ? GuardLogic.Absent : GuardLogic.Set;
                    break;
                case OptionKindModel.Boolean:
                    _values[option.Name] = hasValue ? (string)value! : option.Default ?? "false";
                    break;
                default:
                    _values[option.Name] = hasValue ? (string)value! : option.Default ?? option.Values[0];
                    break;
            }
        }
    }

    public long? Duration(string option) => _durations.TryGetValue(option, out long? ticks) ? ticks : null;

    /// <summary>The value as the report shows it: a value name, true/false, a duration, or "absent".</summary>
    public string Show(string option) => _durations.TryGetValue(option, out long? ticks)
        ? ticks is { } t ? Language.Parsing.DurationParser.Format(t) : "absent"
        : _values[option];

    /// <summary>Whether a guard holds for these options, decided by the language's own guard logic (the checks use it too).</summary>
    public bool Holds(GuardExpression? guard) => GuardLogic.Holds(guard, _values);
}
