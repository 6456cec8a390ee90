namespace SessionDsl.Hosting;

/// <summary>What a call to a session host did, or which rule or check refused it.</summary>
public enum HostOutcome : byte
{
    /// <summary>The default value: nothing was attempted.</summary>
    None = 0,

    /// <summary>The session was started.</summary>
    Started = 1,

    /// <summary>The event was applied (see <see cref="HostResult{TKey, TStatus, TEvent}.Transition"/>).</summary>
    Applied = 2,

    /// <summary>The session was deleted.</summary>
    Deleted = 3,

    /// <summary>
    /// The event was applied and, by a <c>mergeRepeatedIn</c> rule, the session was merged into the partition's previous
    /// session (<see cref="HostResult{TKey, TStatus, TEvent}.Other"/>), whose last-modified time was updated; this session
    /// is no longer kept.
    /// </summary>
    Merged = 4,

    /// <summary>The session's lifecycle does not permit the event now (see <see cref="HostResult{TKey, TStatus, TEvent}.Transition"/> for why).</summary>
    EventRefused = 16,

    /// <summary>A rule of the definitions refused the call (see <see cref="HostResult{TKey, TStatus, TEvent}.Rule"/>).</summary>
    RuleRefused = 17,

    /// <summary>No session has this key (never started, or deleted or merged since).</summary>
    UnknownSession = 18,

    /// <summary>A session with this key already exists.</summary>
    KeyInUse = 19,

    /// <summary>The lifecycle handle was not registered with this host.</summary>
    UnknownLifecycle = 20,

    /// <summary>The options fail the definition's checks (an enum value out of range, a duration out of bounds).</summary>
    InvalidOptions = 21,

    /// <summary>The requested status is not an initial status of the lifecycle.</summary>
    NotAnInitialStatus = 22,
}
