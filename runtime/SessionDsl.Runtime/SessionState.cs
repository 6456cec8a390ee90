using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

namespace SessionDsl;

/// <summary>
/// One session's place in its lifecycle: the current status, when it was entered, and the start time of each running
/// countdown. A plain value (48 bytes): keep it in a field or an array and pass it by <c>ref</c> to the generated
/// <c>Apply</c> and <c>Advance</c> methods, which are the only code that should change it.
/// </summary>
/// <remarks>
/// Times are stored as UTC ticks. A status that is left and re-entered gets a new entry time; an event that keeps the
/// status (a self-transition such as a rep's reply in <c>Active</c>) does not, because the status did not change.
/// </remarks>
/// <para>
/// A session kept elsewhere (a database row, a message) is rebuilt with the constructor that takes the countdowns'
/// start times; System.Text.Json writes and reads it as <c>{"status":"Active","enteredAt":"…","countdowns":[…]}</c>.
/// </para>
/// <typeparam name="TStatus">The lifecycle's status enum.</typeparam>
[JsonConverter(typeof(SessionStateJsonConverterFactory))]
public struct SessionState<TStatus>
    where TStatus : struct, Enum
{
    /// <summary>How many countdowns one lifecycle may declare.</summary>
    public const int MaxCountdowns = RuntimeLimits.MaxCountdowns;

    // 0 ticks (midnight, 1 January 0001) means "not running", so that default(SessionState) runs no countdown.
    private const long NotRunning = 0;

    private long _enteredAtTicks;
    private long _countdown0;
    private long _countdown1;
    private long _countdown2;
    private long _countdown3;
    private TStatus _status;

    /// <summary>Creates a session that entered <paramref name="status"/> at <paramref name="enteredAt"/>, with no countdown running.</summary>
    public SessionState(TStatus status, DateTimeOffset enteredAt)
        : this(status, enteredAt.UtcTicks)
    {
    }

    /// <summary>
    /// Rebuilds a session that entered <paramref name="status"/> at <paramref name="enteredAt"/>, with the countdowns
    /// in slots 0 to 3 started at the times given (null: not running), as a store or a message kept it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A time is at or before the start of year 1 (tick 0 means "not running").</exception>
    public SessionState(TStatus status, DateTimeOffset enteredAt, DateTimeOffset? countdown0, DateTimeOffset? countdown1 = null, DateTimeOffset? countdown2 = null, DateTimeOffset? countdown3 = null)
        : this(status, Checked(enteredAt.UtcTicks, nameof(enteredAt)))
    {
        _countdown0 = countdown0 is { } c0 ? Checked(c0.UtcTicks, nameof(countdown0)) : NotRunning;
        _countdown1 = countdown1 is { } c1 ? Checked(c1.UtcTicks, nameof(countdown1)) : NotRunning;
        _countdown2 = countdown2 is { } c2 ? Checked(c2.UtcTicks, nameof(countdown2)) : NotRunning;
        _countdown3 = countdown3 is { } c3 ? Checked(c3.UtcTicks, nameof(countdown3)) : NotRunning;
    }

    private SessionState(TStatus status, long enteredAtTicks)
    {
        _status = status;
        _enteredAtTicks = enteredAtTicks;
        _countdown0 = _countdown1 = _countdown2 = _countdown3 = NotRunning;
    }

    /// <summary>Rebuilds a session from UTC ticks (0: not running) without checks. For the host's restore.</summary>
    internal static SessionState<TStatus> FromTicks(TStatus status, long enteredAtTicks, long countdown0, long countdown1, long countdown2, long countdown3) =>
        new(status, enteredAtTicks)
        {
            _countdown0 = countdown0,
            _countdown1 = countdown1,
            _countdown2 = countdown2,
            _countdown3 = countdown3,
        };

    private static long Checked(long ticks, string name) =>
        ticks > NotRunning ? ticks : throw new ArgumentOutOfRangeException(name, "A session's times must be after the start of year 1.");

    /// <summary>The current status.</summary>
    public readonly TStatus Status => _status;

    /// <summary>False for <c>default(SessionState)</c>: a session must be started by its lifecycle's <c>Start</c>.</summary>
    public readonly bool IsStarted => _enteredAtTicks != NotRunning;

    /// <summary>When the current status was entered.</summary>
    public readonly DateTimeOffset EnteredAt => new(_enteredAtTicks, TimeSpan.Zero);

    /// <summary>When the current status was entered, in UTC ticks.</summary>
    public readonly long EnteredAtTicks => _enteredAtTicks;

    /// <summary>True when countdown <paramref name="slot"/> (its index among the lifecycle's countdowns) is running.</summary>
    public readonly bool IsCountdownRunning(int slot) => CountdownTicks(slot) != NotRunning;

    /// <summary>When countdown <paramref name="slot"/> was last started or restarted, or null when it is not running.</summary>
    public readonly DateTimeOffset? CountdownStartedAt(int slot)
    {
        if (!IsCountdownRunning(slot))
        {
            return null;
        }

        return new DateTimeOffset(CountdownTicks(slot), TimeSpan.Zero);
    }

    /// <summary>Start time of countdown <paramref name="slot"/> in UTC ticks; 0 when it is not running.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly long CountdownTicks(int slot) => slot switch
    {
        0 => _countdown0,
        1 => _countdown1,
        2 => _countdown2,
        3 => _countdown3,
        _ => SlotOutOfRange(slot),
    };

    /// <summary>Moves the session to <paramref name="status"/>, entered at <paramref name="ticks"/>. For generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter(TStatus status, long ticks)
    {
        _status = status;
        _enteredAtTicks = ticks;
    }

    /// <summary>Starts or restarts countdown <paramref name="slot"/> at <paramref name="ticks"/>. For generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StartCountdown(int slot, long ticks) => SetCountdown(slot, ticks == NotRunning ? 1 : ticks);

    /// <summary>Stops countdown <paramref name="slot"/>. For generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StopCountdown(int slot) => SetCountdown(slot, NotRunning);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetCountdown(int slot, long ticks)
    {
        switch (slot)
        {
            case 0: _countdown0 = ticks; break;
            case 1: _countdown1 = ticks; break;
            case 2: _countdown2 = ticks; break;
            case 3: _countdown3 = ticks; break;
            default: SlotOutOfRange(slot); break;
        }
    }

    // Out of line, so that the slot switches stay small enough to inline and fold away.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long SlotOutOfRange(int slot) =>
        throw new ArgumentOutOfRangeException(nameof(slot), slot, $"A lifecycle has at most {MaxCountdowns} countdowns.");

    /// <inheritdoc />
    public override readonly string ToString() =>
        IsStarted ? $"{_status} since {EnteredAt:O}" : "(not started)";
}
