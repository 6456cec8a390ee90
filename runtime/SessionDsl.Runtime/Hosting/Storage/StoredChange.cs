namespace SessionDsl.Hosting.Storage;

/// <summary>
/// One change in a store's changes feed, as the store keeps it: names, not numbers. Its <see cref="Position"/> is
/// given by the host, one more than the change before, and written in the same transaction as the sessions it changed.
/// </summary>
public readonly record struct StoredChange
{
    /// <summary>The change's place in the feed: 1 for the first, then one more each time, never reused once committed.</summary>
    public long Position { get; init; }

    /// <summary>When it happened, in UTC ticks: a timer's deadline for a fired timer, the clock's time otherwise.</summary>
    public long AtTicks { get; init; }

    /// <summary>What happened.</summary>
    public SessionChangeKind Kind { get; init; }

    /// <summary>The session it happened to.</summary>
    public StoreKey Key { get; init; }

    /// <summary>The session's partition.</summary>
    public StoreKey Partition { get; init; }

    /// <summary>The session's lifecycle.</summary>
    public string Lifecycle { get; init; }

    /// <summary>The status before (for a start: the status it started in).</summary>
    public string From { get; init; }

    /// <summary>The status after.</summary>
    public string To { get; init; }

    /// <summary>The event applied, for <see cref="SessionChangeKind.Transition"/> and <see cref="SessionChangeKind.Merged"/>; otherwise null.</summary>
    public string? Event { get; init; }

    /// <summary>The timer that fired, for <see cref="SessionChangeKind.TimerFired"/>; otherwise null.</summary>
    public string? Timer { get; init; }

    /// <summary>For <see cref="SessionChangeKind.Merged"/>: the session it was merged into; otherwise null.</summary>
    public StoreKey? Related { get; init; }

    /// <summary>The reason the caller gave with the event, if any.</summary>
    public string? Reason { get; init; }

    /// <summary>For <see cref="SessionChangeKind.Merged"/>: the rule that merged it; otherwise null.</summary>
    public string? Rule { get; init; }
}
