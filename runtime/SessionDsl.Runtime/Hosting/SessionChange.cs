namespace SessionDsl.Hosting;

/// <summary>What kind of change a feed entry reports.</summary>
public enum SessionChangeKind : byte
{
    /// <summary>A session was started in <see cref="SessionChange{TKey, TPartition, TStatus, TEvent}.To"/>.</summary>
    Started = 0,

    /// <summary>An event was applied: <see cref="SessionChange{TKey, TPartition, TStatus, TEvent}.Event"/>.</summary>
    Transition = 1,

    /// <summary>A timer fired: <see cref="SessionChange{TKey, TPartition, TStatus, TEvent}.Timer"/>, at its deadline.</summary>
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

/// <summary>
/// One entry of a host's changes feed: a change, its position (one more than the entry before, committed in the same
/// transaction as the state it describes), and what it changed. Names the store kept that the current definitions no
/// longer have (a renamed status in an old entry) read as null.
/// </summary>
/// <param name="Position">Its place in the feed; a consumer that remembers the last position it handled resumes after it.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Key">The session.</param>
/// <param name="Partition">The session's partition.</param>
/// <param name="Lifecycle">The session's lifecycle, by name.</param>
/// <param name="From">The status before (for a start: the status it started in).</param>
/// <param name="To">The status after.</param>
/// <param name="Event">The event applied, for a transition or a merge.</param>
/// <param name="Timer">The timer that fired, by name.</param>
/// <param name="At">When: a timer's deadline, or the clock's time.</param>
/// <param name="Other">For a merge: the session it was merged into.</param>
/// <param name="Reason">The reason given with the event, if any.</param>
/// <param name="Rule">For a merge: the rule that merged it.</param>
public sealed record SessionChange<TKey, TPartition, TStatus, TEvent>(
    long Position,
    SessionChangeKind Kind,
    TKey Key,
    TPartition Partition,
    string Lifecycle,
    TStatus? From,
    TStatus? To,
    TEvent? Event,
    string? Timer,
    DateTimeOffset At,
    TKey? Other,
    string? Reason,
    string? Rule)
    where TKey : notnull
    where TPartition : notnull
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        SessionChangeKind.Transition => $"#{Position} {At:O} {Key}: {From} --{Event}--> {To}",
        SessionChangeKind.TimerFired => $"#{Position} {At:O} {Key}: {From} --{Timer}--> {To}",
        SessionChangeKind.Merged => $"#{Position} {At:O} {Key}: {From} --{Event}--> {To}, merged into {Other} by {Rule}",
        _ => $"#{Position} {At:O} {Key}: {Kind} ({To})",
    };
}

/// <summary>What a host knows about one session, as of its last change.</summary>
/// <param name="Key">The session.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="Lifecycle">Its lifecycle, by name.</param>
/// <param name="State">Its status, entry time and countdowns.</param>
/// <param name="OptionsText">Its options, as the lifecycle's <c>FormatOptions</c> writes them.</param>
/// <param name="StartedAt">When it was started.</param>
/// <param name="LastModified">When it last changed, or a rule last touched it.</param>
/// <param name="NextDeadline">When its next timer is due, or null.</param>
/// <param name="Reason">The reason given with the event that moved it into its status, if any.</param>
public readonly record struct SessionView<TKey, TPartition, TStatus>(
    TKey Key,
    TPartition Partition,
    string Lifecycle,
    SessionState<TStatus> State,
    string OptionsText,
    DateTimeOffset StartedAt,
    DateTimeOffset LastModified,
    DateTimeOffset? NextDeadline,
    string? Reason)
    where TKey : notnull
    where TPartition : notnull
    where TStatus : struct, Enum
{
    /// <summary>The session's status.</summary>
    public TStatus Status => State.Status;
}
