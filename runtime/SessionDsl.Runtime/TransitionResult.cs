using System.ComponentModel;
using System.Runtime.CompilerServices;
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
    // Bits 0-7: the outcome; bits 8-31: the transition index as a signed 24-bit number (-1: none). One field for both
    // keeps the struct at four fields, which the JIT keeps in registers, and lets a generated table cell carry both.
    private readonly int _outcomeAndIndex;

    /// <summary>The largest transition index a result can carry.</summary>
    public const int MaxTransitionIndex = RuntimeLimits.MaxTransitionIndex;

    /// <summary>Creates a result. Generated lifecycles call this; user code rarely needs to.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="transitionIndex"/> is below -1 or above <see cref="MaxTransitionIndex"/>.
    /// </exception>
    public TransitionResult(TransitionOutcome outcome, TStatus from, TEvent @event, TStatus to, int transitionIndex)
    {
        if (transitionIndex < -1 || transitionIndex > MaxTransitionIndex)
        {
            ThrowIndexOutOfRange(transitionIndex);
        }

        From = from;
        Event = @event;
        To = to;
        _outcomeAndIndex = (transitionIndex << 8) | (byte)outcome;
    }

    private TransitionResult(TStatus from, TEvent @event, TStatus to, int outcomeAndIndex)
    {
        From = from;
        Event = @event;
        To = to;
        _outcomeAndIndex = outcomeAndIndex;
    }

    /// <summary>
    /// Creates a result from a generated table cell: <paramref name="outcomeAndIndex"/> holds the outcome in bits 0-7 and
    /// the transition index in bits 8-31 (signed). For generated code, which reads both from one table cell; not checked.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TransitionResult<TStatus, TEvent> FromCell(TStatus from, TEvent @event, TStatus to, int outcomeAndIndex) =>
        new(from, @event, to, outcomeAndIndex);

    /// <summary>What happened.</summary>
    public TransitionOutcome Outcome => (TransitionOutcome)(byte)_outcomeAndIndex;

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
    public int TransitionIndex => _outcomeAndIndex >> 8;

    /// <summary>True when a transition was taken.</summary>
    public bool IsApplied => (_outcomeAndIndex & 0xFF) == (int)TransitionOutcome.Applied;

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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowIndexOutOfRange(int transitionIndex) =>
        throw new ArgumentOutOfRangeException(nameof(transitionIndex), transitionIndex, $"A transition index is -1 (none) or between 0 and {MaxTransitionIndex}.");
}
