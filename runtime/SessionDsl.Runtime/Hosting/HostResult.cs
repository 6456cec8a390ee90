namespace SessionDsl.Hosting;

/// <summary>
/// The result of a call to a <see cref="SessionHost{TStatus, TEvent, TChannel}"/>: what happened, to which session, and
/// when a rule or check refused the call, which one. A small value: returning it allocates nothing; building its
/// <see cref="Message"/> does, so do that only when reporting.
/// </summary>
public readonly struct HostResult<TStatus, TEvent>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    internal HostResult(HostOutcome outcome, SessionId session, SessionId related = default, TransitionResult<TStatus, TEvent> transition = default)
    {
        Outcome = outcome;
        Session = session;
        Related = related;
        Transition = transition;
    }

    /// <summary>What happened.</summary>
    public HostOutcome Outcome { get; }

    /// <summary>The session the call was about (for a start that succeeded, the new session).</summary>
    public SessionId Session { get; }

    /// <summary>
    /// The other session a rule looked at: the messaging user's open session for
    /// <see cref="HostOutcome.PreviousSessionStillOpen"/>, the previous failed session for
    /// <see cref="HostOutcome.FailureMerged"/>; otherwise <c>default</c>.
    /// </summary>
    public SessionId Related { get; }

    /// <summary>The lifecycle's result for an event (applied or refused); <c>default</c> for other calls.</summary>
    public TransitionResult<TStatus, TEvent> Transition { get; }

    /// <summary>True when the call did what it asked: <see cref="HostOutcome.Started"/>, <see cref="HostOutcome.Applied"/>, <see cref="HostOutcome.Deleted"/> or <see cref="HostOutcome.FailureMerged"/>.</summary>
    public bool Succeeded => Outcome is HostOutcome.Started or HostOutcome.Applied or HostOutcome.Deleted or HostOutcome.FailureMerged;

    /// <summary>A sentence that says what happened and, for a refusal, names the rule or check.</summary>
    public string Message => Outcome switch
    {
        HostOutcome.None => "Nothing was attempted.",
        HostOutcome.Started => $"Started {Session}.",
        HostOutcome.Applied => $"{Session}: {Transition}.",
        HostOutcome.Deleted => $"Deleted {Session}.",
        HostOutcome.FailureMerged => $"{Session}: {Transition}; rule 'same failure updates the previous failed session': the messaging user's previous failed session ({Related}) failed with the same cause, so its last-modified time was updated and {Session} was not kept.",
        HostOutcome.EventRefused => $"{Session}: the lifecycle refused the event: {Transition}.",
        HostOutcome.UnknownSession => $"Unknown session: {Session} was never issued by this host.",
        HostOutcome.SessionDeleted => $"{Session} was deleted; events and calls for it are refused.",
        HostOutcome.UnknownLifecycle => "Unknown lifecycle: no lifecycle was registered under that key.",
        HostOutcome.OptionsOutOfRange => "Options out of range: the options index is not in the lifecycle's registered options table.",
        HostOutcome.NotAnInitialStatus => "The requested status is not an initial status of the lifecycle.",
        HostOutcome.PreviousSessionStillOpen => $"Refused by rule 'previous session must be closed': a rep can start a new session with a messaging user only after the user's previous session is closed (Ended or Error); {Related} is still open.",
        HostOutcome.RepCannotInitiateInChannel => "Refused by rule 'no rep-initiated sessions in this channel': reps cannot start sessions in this channel (Enhanced Web Chat).",
        HostOutcome.OnlyClosedSessionsCanBeDeleted => $"Refused by rule 'only closed sessions can be deleted': {Session} is {Transition.From}, and only closed (Ended or Error) sessions can be deleted, one at a time.",
        _ => Outcome.ToString(),
    };

    /// <summary>Returns this result when the call succeeded; otherwise throws <see cref="SessionHostException"/> with <see cref="Message"/>.</summary>
    public HostResult<TStatus, TEvent> OrThrow() => Succeeded ? this : throw new SessionHostException(Outcome, Message);

    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>Thrown by <see cref="HostResult{TStatus, TEvent}.OrThrow"/> when the caller asked for refusals as exceptions.</summary>
public sealed class SessionHostException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public SessionHostException(HostOutcome outcome, string message)
        : base(message)
    {
        Outcome = outcome;
    }

    /// <summary>Which rule or check refused the call.</summary>
    public HostOutcome Outcome { get; }
}
