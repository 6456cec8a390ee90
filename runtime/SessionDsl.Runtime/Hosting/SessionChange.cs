namespace SessionDsl.Hosting;

/// <summary>What kind of change a <see cref="SessionChange{TStatus, TEvent}"/> reports.</summary>
public enum SessionChangeKind : byte
{
    /// <summary>A session was started in <see cref="SessionChange{TStatus, TEvent}.To"/>.</summary>
    Started = 0,

    /// <summary>An event was applied: <see cref="SessionChange{TStatus, TEvent}.Event"/>, transition <see cref="SessionChange{TStatus, TEvent}.Index"/>.</summary>
    Transition = 1,

    /// <summary>A timer fired: timer <see cref="SessionChange{TStatus, TEvent}.Index"/> of the lifecycle's description, at its deadline.</summary>
    TimerFired = 2,

    /// <summary>
    /// An event moved the session into a status for the same reason as the partition's previous session, which is in
    /// such a status too (a <c>mergeRepeatedIn</c> rule): that session's last-modified time was updated instead, and this
    /// session is no longer kept.
    /// </summary>
    Merged = 3,

    /// <summary>The session was deleted.</summary>
    Deleted = 4,
}

/// <summary>One change a host publishes to its <see cref="ISessionHostObserver{TStatus, TEvent}"/>: a value, passed by reference.</summary>
public readonly struct SessionChange<TStatus, TEvent>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    internal SessionChange(SessionChangeKind kind, SessionId session, LifecycleKey lifecycle, long userId, TStatus from, TStatus to, TEvent @event, int index, long atTicks, SessionId related = default)
    {
        Kind = kind;
        Session = session;
        Lifecycle = lifecycle;
        UserId = userId;
        From = from;
        To = to;
        Event = @event;
        Index = index;
        AtTicks = atTicks;
        Related = related;
    }

    /// <summary>What happened.</summary>
    public SessionChangeKind Kind { get; }

    /// <summary>The session it happened to.</summary>
    public SessionId Session { get; }

    /// <summary>The session's lifecycle.</summary>
    public LifecycleKey Lifecycle { get; }

    /// <summary>The session's messaging user.</summary>
    public long UserId { get; }

    /// <summary>The status before.</summary>
    public TStatus From { get; }

    /// <summary>The status after.</summary>
    public TStatus To { get; }

    /// <summary>The event applied, for <see cref="SessionChangeKind.Transition"/>; otherwise <c>default</c>.</summary>
    public TEvent Event { get; }

    /// <summary>The transition index (for a transition) or the timer index (for a timer) in the lifecycle's description; otherwise -1.</summary>
    public int Index { get; }

    /// <summary>When it happened, in UTC ticks: the deadline for a timer, the clock's time otherwise.</summary>
    public long AtTicks { get; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset At => new(AtTicks, TimeSpan.Zero);

    /// <summary>For <see cref="SessionChangeKind.Merged"/>: the previous failed session that was updated.</summary>
    public SessionId Related { get; }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        SessionChangeKind.Transition => $"{At:O} {Session}: {From} --{Event}--> {To}",
        SessionChangeKind.TimerFired => $"{At:O} {Session}: {From} --timer #{Index}--> {To}",
        SessionChangeKind.Merged => $"{At:O} {Session}: failed like {Related}, merged into it",
        _ => $"{At:O} {Session}: {Kind} ({To})",
    };
}

/// <summary>
/// Receives every change a host makes: started sessions, applied transitions, fired timers, merged failures, deletions,
/// in the order they happen, so that a host can persist or forward them. Called synchronously, inside the host's lock,
/// with the change passed by reference: nothing is allocated per change. The host updates its own state before it
/// publishes each change, so an observer that throws (the exception reaches the caller, or the clock's timer) leaves
/// every session and deadline consistent; a timer's later cascade fires at the next advance. To forward to a
/// <c>System.Threading.Channels</c> channel, write the change to a bounded channel of <see cref="SessionChange{TStatus, TEvent}"/>.
/// </summary>
public interface ISessionHostObserver<TStatus, TEvent>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    /// <summary>Called once for each change.</summary>
    void OnChange(in SessionChange<TStatus, TEvent> change);
}

/// <summary>What a host knows about one session, as of the call that returned it.</summary>
public readonly record struct SessionView<TStatus, TChannel>(
    SessionId Id,
    LifecycleKey Lifecycle,
    long UserId,
    TChannel Channel,
    int OptionsIndex,
    SessionState<TStatus> State,
    DateTimeOffset LastModified,
    DateTimeOffset? NextDeadline,
    int FailureCause)
    where TStatus : struct, Enum
    where TChannel : struct, Enum
{
    /// <summary>The session's status.</summary>
    public TStatus Status => State.Status;
}
