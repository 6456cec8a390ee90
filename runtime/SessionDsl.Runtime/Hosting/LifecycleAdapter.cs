namespace SessionDsl.Hosting;

/// <summary>Where a lifecycle's timers report, with the slot of the session they fired in.</summary>
internal interface ITimerSink<TStatus>
    where TStatus : struct, Enum
{
    void OnTimerFired(int slot, int timerIndex, TStatus from, TStatus to, long dueAtTicks);
}

/// <summary>Forwards a lifecycle's timers to the host with the session's slot. A struct, so generated code calls it directly.</summary>
internal struct TimerRelay<TStatus>(ITimerSink<TStatus> sink, int slot) : ITimerObserver<TStatus>
    where TStatus : struct, Enum
{
    public readonly void OnTimerFired(int timerIndex, TStatus from, TStatus to, long dueAtTicks) =>
        sink.OnTimerFired(slot, timerIndex, from, to, dueAtTicks);
}

/// <summary>
/// One registered lifecycle, seen through a non-generic surface so that a host can keep lifecycles of different
/// option types in one array. One virtual call per operation; inside, the generated static members are called directly.
/// </summary>
internal abstract class LifecycleAdapter<TStatus, TEvent>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    public abstract string Name { get; }

    public abstract int OptionsCount { get; }

    public abstract TStatus DefaultInitialStatus { get; }

    public abstract bool IsInitial(TStatus status);

    public abstract SessionState<TStatus> Start(TStatus initial, DateTimeOffset now);

    public abstract TransitionResult<TStatus, TEvent> Apply(ref SessionState<TStatus> session, TEvent @event, DateTimeOffset now, int optionsIndex, ref TimerRelay<TStatus> relay);

    public abstract int Advance(ref SessionState<TStatus> session, DateTimeOffset now, int optionsIndex, ref TimerRelay<TStatus> relay);

    /// <summary>The next deadline in UTC ticks, or -1 when no timer runs.</summary>
    public abstract long NextDeadlineTicks(in SessionState<TStatus> session, int optionsIndex);
}

/// <summary>The adapter for <typeparamref name="TLifecycle"/>, with its table of options registered once.</summary>
internal sealed class LifecycleAdapter<TLifecycle, TStatus, TEvent, TOptions> : LifecycleAdapter<TStatus, TEvent>
    where TLifecycle : struct, ILifecycle<TStatus, TEvent, TOptions>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
    where TOptions : struct
{
    private readonly TOptions[] _options;

    public LifecycleAdapter(TOptions[] options) => _options = options;

    public override string Name => TLifecycle.Description.Name;

    public override int OptionsCount => _options.Length;

    public override TStatus DefaultInitialStatus => TLifecycle.DefaultInitialStatus;

    public override bool IsInitial(TStatus status) => TLifecycle.IsInitial(status);

    public override SessionState<TStatus> Start(TStatus initial, DateTimeOffset now) => TLifecycle.Start(initial, now);

    public override TransitionResult<TStatus, TEvent> Apply(ref SessionState<TStatus> session, TEvent @event, DateTimeOffset now, int optionsIndex, ref TimerRelay<TStatus> relay) =>
        TLifecycle.Apply(ref session, @event, now, in _options[optionsIndex], ref relay);

    public override int Advance(ref SessionState<TStatus> session, DateTimeOffset now, int optionsIndex, ref TimerRelay<TStatus> relay) =>
        TLifecycle.Advance(ref session, now, in _options[optionsIndex], ref relay);

    public override long NextDeadlineTicks(in SessionState<TStatus> session, int optionsIndex) =>
        TLifecycle.NextDeadline(in session, in _options[optionsIndex]) is { } due ? due.UtcTicks : -1;
}
