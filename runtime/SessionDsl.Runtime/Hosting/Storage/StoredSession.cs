namespace SessionDsl.Hosting.Storage;

/// <summary>A running countdown as a store keeps it: the timer's name in the definition and when it was last started.</summary>
/// <param name="Timer">The countdown timer's <c>name:</c>; null when the slot holds no countdown.</param>
/// <param name="StartedAtTicks">When it was last started or restarted, in UTC ticks.</param>
public readonly record struct StoredCountdown(string? Timer, long StartedAtTicks)
{
    /// <summary>True when this slot holds a running countdown.</summary>
    public bool IsRunning => Timer is not null;
}

/// <summary>
/// One session as a store keeps it. Lifecycles, statuses and timers are kept by their names in the definitions, so that
/// a definition may add, remove or reorder states without renumbering stored sessions; options are kept as the text
/// the lifecycle's <c>FormatOptions</c> writes. Times are UTC ticks.
/// </summary>
public readonly record struct StoredSession
{
    /// <summary>The application's key for the session.</summary>
    public StoreKey Key { get; init; }

    /// <summary>The partition (the entity the rules across sessions span) the session belongs to.</summary>
    public StoreKey Partition { get; init; }

    /// <summary>The lifecycle's name (<c>lifecycle:</c>).</summary>
    public string Lifecycle { get; init; }

    /// <summary>The current status's name.</summary>
    public string Status { get; init; }

    /// <summary>When the current status was entered.</summary>
    public long EnteredAtTicks { get; init; }

    /// <summary>The session's options, as the lifecycle's <c>FormatOptions</c> wrote them.</summary>
    public string Options { get; init; }

    /// <summary>When the session was started.</summary>
    public long StartedAtTicks { get; init; }

    /// <summary>When the session last changed (or a rule last touched it).</summary>
    public long LastModifiedTicks { get; init; }

    /// <summary>The host's start order: later sessions have larger numbers; the partition's previous session is the one just before.</summary>
    public long Sequence { get; init; }

    /// <summary>The reason the session entered its status, when the caller gave one (for example a failure's cause); otherwise null.</summary>
    public string? Reason { get; init; }

    /// <summary>Countdown slot 0 (<see cref="StoredCountdown.Timer"/> null when none runs there).</summary>
    public StoredCountdown Countdown0 { get; init; }

    /// <summary>Countdown slot 1.</summary>
    public StoredCountdown Countdown1 { get; init; }

    /// <summary>Countdown slot 2.</summary>
    public StoredCountdown Countdown2 { get; init; }

    /// <summary>Countdown slot 3.</summary>
    public StoredCountdown Countdown3 { get; init; }

    /// <summary>Countdown slot <paramref name="slot"/> (0 to 3).</summary>
    public StoredCountdown Countdown(int slot) => slot switch
    {
        0 => Countdown0,
        1 => Countdown1,
        2 => Countdown2,
        3 => Countdown3,
        _ => throw new ArgumentOutOfRangeException(nameof(slot), slot, "A session holds countdowns in slots 0 to 3."),
    };
}
