namespace SessionDsl;

/// <summary>
/// Thrown by a generated lifecycle's <c>FireOrThrow</c>/<c>ApplyOrThrow</c> (never by <c>Fire</c> or <c>Apply</c>) when an event
/// is not permitted. The message names the lifecycle, the status, the event, and the events that would have been legal.
/// </summary>
public sealed class InvalidTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public InvalidTransitionException(string lifecycle, string status, string @event, TransitionOutcome outcome, IReadOnlyList<string> permittedEvents)
        : base(FormatMessage(lifecycle, status, @event, outcome, permittedEvents))
    {
        Lifecycle = lifecycle;
        Status = status;
        Event = @event;
        Outcome = outcome;
        PermittedEvents = permittedEvents;
    }

    /// <summary>The lifecycle's name.</summary>
    public string Lifecycle { get; }

    /// <summary>The status the event was offered in.</summary>
    public string Status { get; }

    /// <summary>The event that was refused.</summary>
    public string Event { get; }

    /// <summary>Why it was refused.</summary>
    public TransitionOutcome Outcome { get; }

    /// <summary>The events that lead somewhere from <see cref="Status"/> with the options given.</summary>
    public IReadOnlyList<string> PermittedEvents { get; }

    private static string FormatMessage(string lifecycle, string status, string @event, TransitionOutcome outcome, IReadOnlyList<string> permitted)
    {
        string reason = outcome switch
        {
            TransitionOutcome.GuardRejected => $"event '{@event}' is not permitted in status '{status}' with these options (no 'when:' guard holds)",
            TransitionOutcome.UnknownStatus => $"'{status}' is not a status of this lifecycle",
            TransitionOutcome.UnknownEvent => $"'{@event}' is not an event of this lifecycle",
            _ => $"event '{@event}' is not permitted in status '{status}'",
        };
        string legal = permitted.Count == 0
            ? "no event is permitted there"
            : "permitted: " + string.Join(", ", permitted);
        return $"{lifecycle}: {reason}; {legal}.";
    }
}
