using System.Diagnostics.CodeAnalysis;

namespace SessionDsl;

/// <summary>
/// What every generated lifecycle offers, so that code which hosts, tests or measures sessions can be written once over
/// all of them. Generated lifecycles are empty structs: used as a type argument, the calls are resolved at compile time
/// and inlined like direct calls.
/// </summary>
/// <typeparam name="TStatus">The status enum, shared by every lifecycle that declares the same status type.</typeparam>
/// <typeparam name="TEvent">The event enum, shared likewise.</typeparam>
/// <typeparam name="TOptions">The lifecycle's options.</typeparam>
public interface ILifecycle<TStatus, TEvent, TOptions>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
    where TOptions : struct
{
    /// <summary>The lifecycle's definition as data.</summary>
    static abstract LifecycleDescription<TStatus, TEvent> Description { get; }

    /// <summary>The first initial state the definition declares.</summary>
    static abstract TStatus DefaultInitialStatus { get; }

    /// <summary>Options with every default the definition declares (not <c>default(TOptions)</c>, whose enum options are their first values).</summary>
    static abstract TOptions DefaultOptions { get; }

    /// <summary>Checks <paramref name="options"/> against the definition (enum values, duration bounds); on failure says which option and why.</summary>
    static abstract bool TryValidate(in TOptions options, [NotNullWhen(false)] out string? error);

    /// <summary>
    /// Writes <paramref name="options"/> as text, every option by its YAML name in declaration order
    /// (<c>capacityModel=TabBased; inactivityTimeout=10m</c>), so that stored options survive options being added,
    /// removed or reordered in the definition. <see cref="TryParseOptions"/> reads it back.
    /// </summary>
    static abstract string FormatOptions(in TOptions options);

    /// <summary>
    /// Reads options written by <see cref="FormatOptions"/>. An option the text does not mention takes its default; an
    /// unknown option, a value that is not one of the option's, or options that fail <see cref="TryValidate"/> are
    /// refused with the reason in <paramref name="error"/>.
    /// </summary>
    static abstract bool TryParseOptions(string text, out TOptions options, [NotNullWhen(false)] out string? error);

    /// <summary>True when a session may start in <paramref name="status"/>.</summary>
    static abstract bool IsInitial(TStatus status);

    /// <summary>True when <paramref name="status"/> is a final (terminal) state of this lifecycle.</summary>
    static abstract bool IsFinal(TStatus status);

    /// <summary>The pure transition function: where <paramref name="event"/> leads from <paramref name="from"/>, without side effects.</summary>
    static abstract TransitionResult<TStatus, TEvent> Fire(TStatus from, TEvent @event, in TOptions options);

    /// <summary>True when <see cref="Fire"/> would apply a transition.</summary>
    static abstract bool CanFire(TStatus from, TEvent @event, in TOptions options);

    /// <summary>Starts a session in the initial state <paramref name="initial"/> at <paramref name="now"/>.</summary>
    static abstract SessionState<TStatus> Start(TStatus initial, DateTimeOffset now);

    /// <summary>
    /// Applies <paramref name="event"/> to <paramref name="session"/> at <paramref name="now"/>: first fires every timer due by then
    /// (reported to <paramref name="observer"/>), then the event, then starts, restarts or stops countdowns.
    /// </summary>
    static abstract TransitionResult<TStatus, TEvent> Apply<TObserver>(ref SessionState<TStatus> session, TEvent @event, DateTimeOffset now, in TOptions options, ref TObserver observer)
        where TObserver : struct, ITimerObserver<TStatus>;

    /// <summary>The earliest time a timer of <paramref name="session"/> is due, or null when none is running.</summary>
    static abstract DateTimeOffset? NextDeadline(in SessionState<TStatus> session, in TOptions options);

    /// <summary>Fires, in deadline order, every timer due at or before <paramref name="now"/>, cascading; returns how many fired.</summary>
    static abstract int Advance<TObserver>(ref SessionState<TStatus> session, DateTimeOffset now, in TOptions options, ref TObserver observer)
        where TObserver : struct, ITimerObserver<TStatus>;
}

/// <summary>Receives each timer a lifecycle fires. Implement it on a struct: calls are then inlined and allocate nothing.</summary>
/// <typeparam name="TStatus">The lifecycle's status enum.</typeparam>
public interface ITimerObserver<TStatus>
    where TStatus : struct, Enum
{
    /// <summary>Timer <paramref name="timerIndex"/> (an index into the description's <c>Timers</c>) fired at <paramref name="dueAtTicks"/>, moving the session from <paramref name="from"/> to <paramref name="to"/>.</summary>
    void OnTimerFired(int timerIndex, TStatus from, TStatus to, long dueAtTicks);
}

/// <summary>An observer that ignores every timer.</summary>
/// <typeparam name="TStatus">The lifecycle's status enum.</typeparam>
public struct NoTimerObserver<TStatus> : ITimerObserver<TStatus>
    where TStatus : struct, Enum
{
    /// <inheritdoc />
    public readonly void OnTimerFired(int timerIndex, TStatus from, TStatus to, long dueAtTicks)
    {
    }
}
