namespace SessionDsl.Hosting;

/// <summary>What a call to a <see cref="SessionHost{TStatus, TEvent, TChannel}"/> did, or which rule or check refused it.</summary>
public enum HostOutcome : byte
{
    /// <summary>The default value: nothing was attempted.</summary>
    None = 0,

    /// <summary>The session was started.</summary>
    Started = 1,

    /// <summary>The event was applied (see <see cref="HostResult{TStatus, TEvent}.Transition"/>).</summary>
    Applied = 2,

    /// <summary>The session was deleted.</summary>
    Deleted = 3,

    /// <summary>
    /// The event was applied and ended the session in a failure status with the same cause as the messaging user's
    /// previous failed session: that session's last-modified time was updated instead, and this one was not kept
    /// (rule "same failure updates the previous failed session").
    /// </summary>
    FailureMerged = 4,

    /// <summary>The session's lifecycle does not permit the event now (see <see cref="HostResult{TStatus, TEvent}.Transition"/> for why).</summary>
    EventRefused = 16,

    /// <summary>No session has this id (never issued by this host, or <c>default</c>).</summary>
    UnknownSession = 17,

    /// <summary>The session was deleted; its id no longer addresses anything.</summary>
    SessionDeleted = 18,

    /// <summary>No lifecycle was registered under this key.</summary>
    UnknownLifecycle = 19,

    /// <summary>The options index is outside the lifecycle's registered options table.</summary>
    OptionsOutOfRange = 20,

    /// <summary>The requested initial status is not an initial status of the lifecycle.</summary>
    NotAnInitialStatus = 21,

    /// <summary>Rule: a rep can start a new session with a messaging user only after the user's previous session is closed (Ended or Error).</summary>
    PreviousSessionStillOpen = 32,

    /// <summary>Rule: reps cannot start sessions in this channel (Enhanced Web Chat).</summary>
    RepCannotInitiateInChannel = 33,

    /// <summary>Rule: only closed sessions (Ended or Error) can be deleted.</summary>
    OnlyClosedSessionsCanBeDeleted = 34,
}
