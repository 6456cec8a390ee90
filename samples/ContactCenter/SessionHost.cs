using SessionDsl;
using SessionDsl.Messaging;

namespace ContactCenter;

/// <summary>
/// Hosts the sessions of one lifecycle. The simulation speaks to every host the same way; each host calls its own
/// generated lifecycle with that lifecycle's <c>Options</c>.
/// </summary>
internal interface ISessionHost
{
    /// <summary>The hosted lifecycle's name, from its generated description.</summary>
    string Name { get; }

    /// <summary>Registers a session with its settings and returns its number within this host.</summary>
    int Add(in SessionSettings settings);

    /// <summary>Starts session <paramref name="session"/> in <paramref name="status"/> at <paramref name="now"/>.</summary>
    void Start(int session, MessagingSessionStatus status, DateTimeOffset now);

    /// <summary>Applies <paramref name="event"/> to session <paramref name="session"/> at <paramref name="now"/>, firing due timers first.</summary>
    void Apply(int session, MessagingSessionEvent @event, DateTimeOffset now);

    /// <summary>Fires every timer of every session due by <paramref name="now"/>.</summary>
    void AdvanceAll(DateTimeOffset now);

    /// <summary>Counts what the lifecycle did, as of <paramref name="now"/>.</summary>
    LifecycleReport Report(DateTimeOffset now);
}

/// <summary>
/// Hosts the sessions of <typeparamref name="TLifecycle"/>: their states and options in flat arrays (a session is a
/// 48-byte value), and the counts the report needs. Written once over <see cref="ILifecycle{TStatus, TEvent, TOptions}"/>,
/// whose static members resolve at compile time for each lifecycle.
/// </summary>
internal sealed class SessionHost<TLifecycle, TOptions> : ISessionHost
    where TLifecycle : struct, ILifecycle<MessagingSessionStatus, MessagingSessionEvent, TOptions>
    where TOptions : struct
{
    private readonly Func<SessionSettings, TOptions> _toOptions;
    private readonly SessionState<MessagingSessionStatus>[] _sessions;
    private readonly TOptions[] _options;
    private readonly TimerCounter[] _timers;
    private readonly Dictionary<(MessagingSessionStatus Status, MessagingSessionEvent Event, TransitionOutcome Outcome), int> _rejections = [];
    private int _count;
    private long _offered;
    private long _applied;

    /// <param name="capacity">How many sessions the host will hold.</param>
    /// <param name="toOptions">Maps a session's settings onto the options this lifecycle declares.</param>
    public SessionHost(int capacity, Func<SessionSettings, TOptions> toOptions)
    {
        _toOptions = toOptions;
        _sessions = new SessionState<MessagingSessionStatus>[capacity];
        _options = new TOptions[capacity];
        _timers = [.. TLifecycle.Description.Timers.Select(t => new TimerCounter(t.CountdownSlot))];
    }

    public string Name => TLifecycle.Description.Name;

    public int Add(in SessionSettings settings)
    {
        _options[_count] = _toOptions(settings);
        return _count++;
    }

    public void Start(int session, MessagingSessionStatus status, DateTimeOffset now) =>
        _sessions[session] = TLifecycle.Start(status, now);

    public void Apply(int session, MessagingSessionEvent @event, DateTimeOffset now)
    {
        ref SessionState<MessagingSessionStatus> state = ref _sessions[session];
        var timers = new TimerTally(_timers, state);
        TransitionResult<MessagingSessionStatus, MessagingSessionEvent> result =
            TLifecycle.Apply(ref state, @event, now, in _options[session], ref timers);

        _offered++;
        if (result.IsApplied)
        {
            _applied++;
        }
        else
        {
            // Refusals are rare enough that a dictionary keyed by where and why costs nothing worth measuring.
            CountRejection(result.From, result.Event, result.Outcome);
        }
    }

    public void AdvanceAll(DateTimeOffset now)
    {
        for (int i = 0; i < _count; i++)
        {
            ref SessionState<MessagingSessionStatus> state = ref _sessions[i];
            var timers = new TimerTally(_timers, state);
            TLifecycle.Advance(ref state, now, in _options[i], ref timers);
        }
    }

    public LifecycleReport Report(DateTimeOffset now)
    {
        var finalStatuses = TLifecycle.Description.States.ToDictionary(s => s.Status, _ => 0);
        int overdue = 0;
        for (int i = 0; i < _count; i++)
        {
            ref readonly SessionState<MessagingSessionStatus> state = ref _sessions[i];
            finalStatuses[state.Status]++;

            // A session still open with a deadline in the past would be a timer the lifecycle lost.
            if (!TLifecycle.IsFinal(state.Status) && TLifecycle.NextDeadline(in state, in _options[i]) is { } due && due <= now)
            {
                overdue++;
            }
        }

        return new LifecycleReport(
            Name,
            _count,
            [.. TLifecycle.Description.States.Select(s => s.Status)],
            finalStatuses,
            _offered,
            _applied,
            [.. _rejections
                .OrderByDescending(r => r.Value).ThenBy(r => r.Key.Status).ThenBy(r => r.Key.Event).ThenBy(r => r.Key.Outcome)
                .Select(r => new RejectionCount(r.Key.Status, r.Key.Event, r.Key.Outcome, r.Value))],
            [.. TLifecycle.Description.Timers.Select(t => _timers[t.Index].ToReport(t))],
            overdue);
    }

    private void CountRejection(MessagingSessionStatus status, MessagingSessionEvent @event, TransitionOutcome outcome)
    {
        var key = (status, @event, outcome);
        _rejections[key] = _rejections.GetValueOrDefault(key) + 1;
    }
}

/// <summary>Counts how often one timer fired and how long it had been running each time.</summary>
internal sealed class TimerCounter(int countdownSlot)
{
    private long _shortestTicks = long.MaxValue;
    private long _longestTicks = long.MinValue;

    /// <summary>The timer's countdown slot in the session state, or -1 for an in-state timer.</summary>
    public int CountdownSlot { get; } = countdownSlot;

    public int Fired { get; private set; }

    public void Record(long waitedTicks)
    {
        Fired++;
        _shortestTicks = Math.Min(_shortestTicks, waitedTicks);
        _longestTicks = Math.Max(_longestTicks, waitedTicks);
    }

    public TimerReport ToReport(TimerInfo<MessagingSessionStatus, MessagingSessionEvent> timer) => new(
        timer.Name,
        timer.States,
        timer.To,
        Fired,
        Fired > 0 ? TimeSpan.FromTicks(_shortestTicks) : null,
        Fired > 0 ? TimeSpan.FromTicks(_longestTicks) : null);
}

/// <summary>
/// Observes the timers one <c>Apply</c> or <c>Advance</c> call fires. A struct, so the generated code calls it directly.
/// </summary>
/// <remarks>
/// The observer is told which timer fired and when it was due, not when it started; to measure how long it ran, the
/// tally keeps a copy of the session from before the call. A countdown counts from the event that started it (which a
/// timer cannot restart); an in-state timer counts from when its status was entered, which in a cascade (Active to
/// Inactive to Ended in one call) is the previous timer's deadline.
/// </remarks>
internal struct TimerTally(TimerCounter[] timers, SessionState<MessagingSessionStatus> before) : ITimerObserver<MessagingSessionStatus>
{
    private long _statusEnteredAtTicks = before.EnteredAt.UtcTicks;

    public void OnTimerFired(int timerIndex, MessagingSessionStatus from, MessagingSessionStatus to, long dueAtTicks)
    {
        TimerCounter timer = timers[timerIndex];
        long startedAtTicks = timer.CountdownSlot >= 0 && before.CountdownStartedAt(timer.CountdownSlot) is { } countdownStart
            ? countdownStart.UtcTicks
            : _statusEnteredAtTicks;
        timer.Record(dueAtTicks - startedAtTicks);
        _statusEnteredAtTicks = dueAtTicks;
    }
}
