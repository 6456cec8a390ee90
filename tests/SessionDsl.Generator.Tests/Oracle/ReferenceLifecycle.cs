namespace SessionDsl.Generator.Tests.Oracle;

/// <summary>A lifecycle's <c>Description</c> with statuses and events as their enum values (positions in their types).</summary>
internal sealed record LifecycleFacts(
    string Name,
    IReadOnlyList<string> StatusNames,
    IReadOnlyList<string> EventNames,
    int StatusSize,
    int EventSize,
    IReadOnlyList<(int Status, bool Initial, bool Final)> States,
    IReadOnlyList<int> Events,
    IReadOnlyList<OptionInfo> Options,
    IReadOnlyList<TransitionFact> Transitions,
    IReadOnlyList<TimerFact> Timers,
    int DefaultInitialStatus);

internal sealed record TransitionFact(int Index, IReadOnlyList<int> From, int Event, int To, string? Guard);

internal sealed record TimerFact(int Index, string Name, TimerKind Kind, IReadOnlyList<int> States, string After, TimeSpan? Duration, int To, string? Guard, IReadOnlyList<int> Start, IReadOnlyList<int> Cancel, bool Restart, int Slot);

/// <summary>A session as the reference interpreter keeps it: status, entry time and the countdowns' start times (0: stopped).</summary>
internal sealed class ReferenceSession
{
    public int Status;
    public long Entered;
    public long[] Countdowns = new long[4];

    public ReferenceSession Clone() => new() { Status = Status, Entered = Entered, Countdowns = (long[])Countdowns.Clone() };

    public override string ToString() => $"status {Status}, entered {Entered}, countdowns [{string.Join(", ", Countdowns)}]";
}

/// <summary>What one offered event did: the outcome as <see cref="TransitionOutcome"/> and where it leads.</summary>
internal readonly record struct Outcome(TransitionOutcome Kind, int From, int Event, int To, int Index)
{
    public override string ToString() => $"{Kind} {From} --{Event}--> {To} (#{Index})";
}

/// <summary>A timer that fired: which, from where to where, due when.</summary>
internal readonly record struct Fired(int Timer, int From, int To, long Due);

/// <summary>Deliberate one-line mistakes, for the test that shows the harness can fail. Never used otherwise.</summary>
internal enum OracleFault
{
    None,

    /// <summary>Timers due at the same moment fire in reverse declaration order.</summary>
    TiesInReverseOrder,

    /// <summary>A fired timer's target is entered at "now" instead of at its deadline.</summary>
    TimerTargetEnteredAtNow,

    /// <summary>A countdown's cancel events win over its start events.</summary>
    CancelWinsOverStart,

    /// <summary>A start event restarts a running countdown even when the countdown says <c>restart: false</c>.</summary>
    RestartAlways,
}

/// <summary>Thrown when one call fires more timers than <see cref="ReferenceLifecycle.MaxFirings"/>: a cycle of timers.</summary>
internal sealed class UnboundedTimersException(int fired) : Exception($"more than {fired} timers fired in one call");

/// <summary>
/// The reference interpreter: the run-time semantics of docs/dsl.md ("Run-time semantics the generator decides",
/// "Timers", "Transitions", "Guards") over a lifecycle's <c>Description</c>, written without the generator's emitter
/// or generated code. It knows one thing a description does not say, which options are optional, from the definition.
/// </summary>
internal sealed class ReferenceLifecycle
{
    public const int MaxFirings = 10_000;

    private readonly LifecycleFacts _facts;
    private readonly OracleFault _fault;
    private readonly Dictionary<string, (OptionKind Kind, bool Optional)> _options;
    private readonly OracleGuard?[] _transitionGuards;
    private readonly OracleGuard?[] _timerGuards;
    private readonly TimeSpan?[] _literal;
    private readonly TimerFact[] _countdowns;
    private readonly List<TransitionFact>[,] _byCell;

    public ReferenceLifecycle(LifecycleFacts facts, IReadOnlySet<string> optionalDurations, OracleFault fault = OracleFault.None)
    {
        _facts = facts;
        _fault = fault;
        _options = facts.Options.ToDictionary(o => o.Name, o => (o.Kind, o.Kind == OptionKind.Duration && optionalDurations.Contains(o.Name)), StringComparer.Ordinal);
        _transitionGuards = facts.Transitions.Select(t => t.Guard is null ? null : OracleGuard.Parse(t.Guard)).ToArray();
        _timerGuards = facts.Timers.Select(t => t.Guard is null ? null : OracleGuard.Parse(t.Guard)).ToArray();
        // after: names an option when the lifecycle has one by that name; otherwise it is a literal duration.
        _literal = facts.Timers.Select(t => _options.ContainsKey(t.After) ? (TimeSpan?)null : Durations.Parse(t.After)).ToArray();
        _countdowns = facts.Timers.Where(t => t.Kind == TimerKind.Countdown).ToArray();
        _byCell = new List<TransitionFact>[facts.StatusNames.Count, facts.EventNames.Count];
        foreach (TransitionFact t in facts.Transitions)
        {
            foreach (int from in t.From.Distinct())
            {
                (_byCell[from, t.Event] ??= new List<TransitionFact>()).Add(t);
            }
        }
    }

    public LifecycleFacts Facts => _facts;

    /// <summary>How often a timer fired while another was due at the same moment: declaration order decided.</summary>
    public long TiesResolved { get; private set; }

    public (OptionKind Kind, bool Optional) Option(string name) => _options[name];

    public bool IsInitial(int status) => _facts.States.Any(s => s.Status == status && s.Initial);

    public bool IsFinal(int status) => _facts.States.Any(s => s.Status == status && s.Final);

    /// <summary>Transitions: the first in declaration order whose guard holds (docs/dsl.md, "Transitions").</summary>
    public Outcome Fire(int status, int @event, IReadOnlyDictionary<string, OptionValue> options)
    {
        if (status < 0 || status >= _facts.StatusNames.Count)
        {
            return new Outcome(TransitionOutcome.UnknownStatus, status, @event, status, -1);
        }

        if (@event < 0 || @event >= _facts.EventNames.Count)
        {
            return new Outcome(TransitionOutcome.UnknownEvent, status, @event, status, -1);
        }

        List<TransitionFact>? candidates = _byCell[status, @event];
        if (candidates is null)
        {
            return new Outcome(TransitionOutcome.NotPermitted, status, @event, status, -1);
        }

        foreach (TransitionFact t in candidates)
        {
            if (_transitionGuards[t.Index] is not { } guard || guard.Holds(name => options[name], Option))
            {
                return new Outcome(TransitionOutcome.Applied, status, @event, t.To, t.Index);
            }
        }

        return new Outcome(TransitionOutcome.GuardRejected, status, @event, status, -1);
    }

    /// <summary>When timer <paramref name="timer"/> is due, or null when it does not run now (docs/dsl.md, "Timers").</summary>
    public long? Due(TimerFact timer, ReferenceSession session, IReadOnlyDictionary<string, OptionValue> options)
    {
        if (!timer.States.Contains(session.Status))
        {
            return null;
        }

        if (_timerGuards[timer.Index] is { } guard && !guard.Holds(name => options[name], Option))
        {
            return null;
        }

        TimeSpan? after = _literal[timer.Index] ?? options[timer.After].Duration;
        if (after is null)
        {
            // An optional duration option that is absent: the timer does not run.
            return null;
        }

        long start;
        if (timer.Kind == TimerKind.Countdown)
        {
            start = session.Countdowns[timer.Slot];
            if (start == 0)
            {
                return null;
            }
        }
        else
        {
            start = session.Entered;
        }

        return start + after.Value.Ticks;
    }

    /// <summary>The next timer due: the earliest deadline, ties in declaration order.</summary>
    public (long Due, int Timer)? Next(ReferenceSession session, IReadOnlyDictionary<string, OptionValue> options)
    {
        (long Due, int Timer)? best = null;
        foreach (TimerFact timer in _facts.Timers)
        {
            if (Due(timer, session, options) is not { } due)
            {
                continue;
            }

            bool better = best is null || due < best.Value.Due
                || (_fault == OracleFault.TiesInReverseOrder && due == best.Value.Due);
            if (better)
            {
                best = (due, timer.Index);
            }
        }

        return best;
    }

    /// <summary>
    /// Fires every timer due at or before <paramref name="now"/> (a <paramref name="now"/> before the entry time counts
    /// as the entry time), in deadline order, each entering its target at its deadline, each computed again from the
    /// state the last left.
    /// </summary>
    public int Advance(ReferenceSession session, long now, IReadOnlyDictionary<string, OptionValue> options, List<Fired> fired)
    {
        now = Math.Max(now, session.Entered);
        int count = 0;
        while (Next(session, options) is { } next && next.Due <= now)
        {
            if (++count > MaxFirings)
            {
                throw new UnboundedTimersException(MaxFirings);
            }

            TimerFact timer = _facts.Timers[next.Timer];
            if (_facts.Timers.Any(t => t.Index != timer.Index && Due(t, session, options) == next.Due))
            {
                TiesResolved++;
            }

            int from = session.Status;
            if (timer.Kind == TimerKind.Countdown)
            {
                session.Countdowns[timer.Slot] = 0;
            }

            // A timer that leads to the status the session is in keeps its clock, like a self-transition.
            if (timer.To != session.Status)
            {
                session.Status = timer.To;
                session.Entered = _fault == OracleFault.TimerTargetEnteredAtNow ? now : next.Due;
            }

            StopCountdownsOutsideTheirStates(session);
            fired.Add(new Fired(timer.Index, from, timer.To, next.Due));
        }

        return count;
    }

    /// <summary>Due timers first, then the event, then the countdowns in the documented order.</summary>
    public Outcome Apply(ReferenceSession session, int @event, long now, IReadOnlyDictionary<string, OptionValue> options, List<Fired> fired)
    {
        now = Math.Max(now, session.Entered);
        Advance(session, now, options, fired);
        Outcome result = Fire(session.Status, @event, options);
        if (result.Kind != TransitionOutcome.Applied)
        {
            return result;
        }

        if (result.To != session.Status)
        {
            session.Status = result.To;
            session.Entered = now;
        }

        foreach (TimerFact countdown in _countdowns)
        {
            bool starts = countdown.Start.Contains(@event);
            bool cancels = countdown.Cancel.Contains(@event);
            if (_fault == OracleFault.CancelWinsOverStart && cancels)
            {
                starts = false;
            }

            if (!countdown.States.Contains(session.Status))
            {
                session.Countdowns[countdown.Slot] = 0;
            }
            else if (starts)
            {
                // restart: false keeps a running countdown's start time (docs/dsl.md, "Countdown").
                if (countdown.Restart || session.Countdowns[countdown.Slot] == 0 || _fault == OracleFault.RestartAlways)
                {
                    session.Countdowns[countdown.Slot] = now;
                }
            }
            else if (cancels)
            {
                session.Countdowns[countdown.Slot] = 0;
            }
        }

        return result;
    }

    private void StopCountdownsOutsideTheirStates(ReferenceSession session)
    {
        foreach (TimerFact countdown in _countdowns)
        {
            if (!countdown.States.Contains(session.Status))
            {
                session.Countdowns[countdown.Slot] = 0;
            }
        }
    }
}
