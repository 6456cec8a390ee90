using System.Runtime.InteropServices;

namespace SessionDsl;

/// <summary>
/// The result of offering an event to a lifecycle: whether a transition was taken, from where, to where, and which
/// of the definition's transitions it was. A small value type: returning it allocates nothing.
/// </summary>
/// <typeparam name="TStatus">The lifecycle's status enum.</typeparam>
/// <typeparam name="TEvent">The lifecycle's event enum.</typeparam>
[StructLayout(LayoutKind.Auto)]
public readonly struct TransitionResult<TStatus, TEvent> : IEquatable<TransitionResult<TStatus, TEvent>>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    /// <summary>Creates a result. Generated lifecycles call this; user code rarely needs to.</summary>
    public TransitionResult(TransitionOutcome outcome, TStatus from, TEvent @event, TStatus to, int transitionIndex)
    {
        Outcome = outcome;
        From = from;
        Event = @event;
        To = to;
        TransitionIndex = transitionIndex;
    }

    /// <summary>What happened.</summary>
    public TransitionOutcome Outcome { get; }

    /// <summary>The status the event was offered in.</summary>
    public TStatus From { get; }

    /// <summary>The event offered.</summary>
    public TEvent Event { get; }

    /// <summary>The status after the event: the target when applied, otherwise <see cref="From"/>.</summary>
    public TStatus To { get; }

    /// <summary>
    /// Index of the transition taken in the lifecycle description's <c>Transitions</c> list (declaration order in the YAML),
    /// or -1 when no transition was taken.
    /// </summary>
    public int TransitionIndex { get; }

    /// <summary>True when a transition was taken.</summary>
    public bool IsApplied => Outcome == TransitionOutcome.Applied;

    /// <inheritdoc />
    public bool Equals(TransitionResult<TStatus, TEvent> other) =>
        Outcome == other.Outcome
        && EqualityComparer<TStatus>.Default.Equals(From, other.From)
        && EqualityComparer<TEvent>.Default.Equals(Event, other.Event)
        && EqualityComparer<TStatus>.Default.Equals(To, other.To)
        && TransitionIndex == other.TransitionIndex;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TransitionResult<TStatus, TEvent> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Outcome, From, Event, To, TransitionIndex);

    /// <summary>Compares two results by value.</summary>
    public static bool operator ==(TransitionResult<TStatus, TEvent> left, TransitionResult<TStatus, TEvent> right) => left.Equals(right);

    /// <summary>Compares two results by value.</summary>
    public static bool operator !=(TransitionResult<TStatus, TEvent> left, TransitionResult<TStatus, TEvent> right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Outcome == TransitionOutcome.Applied
        ? $"{From} --{Event}--> {To} (transition #{TransitionIndex})"
        : $"{Event} in {From}: {Outcome}";
}
