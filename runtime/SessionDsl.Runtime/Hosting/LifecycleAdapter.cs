namespace SessionDsl.Hosting;

/// <summary>Where a lifecycle's timers report, with the slot of the session they fired in.</summary>
internal interface ITimerSink<TStatus>
    where TStatus : struct, Enum
{
    void OnTimerFired(int slot, int timerIndex, TStatus from, TStatus to, long dueAtTicks);
}

/// <summary>Forwards a lifecycle's timers to the host with the session's slot. A struct, so generated code calls it directly.</summary>
internal readonly struct TimerRelay<TStatus>(ITimerSink<TStatus> sink, int slot) : ITimerObserver<TStatus>
    where TStatus : struct, Enum
{
    public void OnTimerFired(int timerIndex, TStatus from, TStatus to, long dueAtTicks) =>
        sink.OnTimerFired(slot, timerIndex, from, to, dueAtTicks);
}

/// <summary>A <c>requireOthersIn</c> rule as the host checks it: the statuses, and which partition counter (if any) tracks them.</summary>
/// <param name="Rule">The rule as declared.</param>
/// <param name="Lifecycle">The lifecycle that declares it.</param>
/// <param name="Statuses">The statuses every other session of the partition must be in.</param>
/// <param name="Counter">Which of a partition's counters counts its sessions outside <paramref name="Statuses"/>; -1 when none does and the partition is walked.</param>
internal sealed record OthersRule<TStatus, TEvent>(RuleInfo<TStatus, TEvent> Rule, string Lifecycle, EnumSet<TStatus> Statuses, int Counter)
    where TStatus : struct, Enum
    where TEvent : struct, Enum;

/// <summary>A <c>deleteOnlyIn</c> or <c>mergeRepeatedIn</c> rule as the host checks it.</summary>
internal sealed record StatusRule<TStatus, TEvent>(RuleInfo<TStatus, TEvent> Rule, string Lifecycle, EnumSet<TStatus> Statuses)
    where TStatus : struct, Enum
    where TEvent : struct, Enum;

/// <summary>
/// One registered lifecycle, seen through a non-generic surface so that a host keeps lifecycles of different option
/// types in one list: its generated members (one virtual call each, then direct calls), its names for the store, the
/// options its sessions use (each distinct value kept once, so a session holds an index), and its rules.
/// </summary>
internal abstract class LifecycleAdapter<TStatus, TEvent>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    private readonly Dictionary<string, TStatus> _statuses = new(StringComparer.Ordinal);
    private readonly bool[] _isState = new bool[EnumIndex<TStatus>.Count];
    private readonly Dictionary<string, int> _countdownSlots = new(StringComparer.Ordinal);

    protected LifecycleAdapter(object owner, int index, LifecycleDescription<TStatus, TEvent> description)
    {
        Owner = owner;
        Index = index;
        Description = description;
        foreach (StateInfo<TStatus> state in description.States)
        {
            _statuses[EnumIndex<TStatus>.Name(state.Status)] = state.Status;
            _isState[EnumIndex<TStatus>.Of(state.Status)] = true;
        }

        CountdownNames = new string?[SessionState<TStatus>.MaxCountdowns];
        foreach (TimerInfo<TStatus, TEvent> timer in description.Timers)
        {
            if (timer.CountdownSlot >= 0)
            {
                CountdownNames[timer.CountdownSlot] = timer.Name;
                _countdownSlots[timer.Name] = timer.CountdownSlot;
            }
        }

        EventRules = new OthersRule<TStatus, TEvent>[]?[EnumIndex<TEvent>.Count];
    }

    /// <summary>The host that registered it: a handle from another host is refused.</summary>
    public object Owner { get; }

    public int Index { get; }

    public LifecycleDescription<TStatus, TEvent> Description { get; }

    public string Name => Description.Name;

    /// <summary>The timer name of each countdown slot, or null.</summary>
    public string?[] CountdownNames { get; }

    /// <summary><c>requireOthersIn</c> rules without <c>on:</c>: checked when a session of this lifecycle starts.</summary>
    public OthersRule<TStatus, TEvent>[] StartRules { get; set; } = [];

    /// <summary><c>requireOthersIn</c> rules with <c>on:</c>, by event index; null where none.</summary>
    public OthersRule<TStatus, TEvent>[]?[] EventRules { get; }

    public StatusRule<TStatus, TEvent>[] DeleteRules { get; set; } = [];

    public StatusRule<TStatus, TEvent>[] MergeRules { get; set; } = [];

    public abstract int OptionsCount { get; }

    public abstract TStatus DefaultInitialStatus { get; }

    public bool IsState(TStatus status) => (uint)EnumIndex<TStatus>.Of(status) < (uint)_isState.Length && _isState[EnumIndex<TStatus>.Of(status)];

    public bool TryGetStatus(string name, out TStatus status) => _statuses.TryGetValue(name, out status);

    public bool TryGetCountdownSlot(string timer, out int slot) => _countdownSlots.TryGetValue(timer, out slot);

    public string StateList => string.Join(", ", Description.States.Select(s => EnumIndex<TStatus>.Name(s.Status)));

    public abstract bool IsInitial(TStatus status);

    public abstract SessionState<TStatus> Start(TStatus initial, long nowTicks);

    /// <summary>Where <paramref name="event"/> leads from <paramref name="from"/> with the session's options, without changing anything.</summary>
    public abstract TransitionResult<TStatus, TEvent> Fire(TStatus from, TEvent @event, int optionsIndex);

    public abstract TransitionResult<TStatus, TEvent> Apply(ref SessionState<TStatus> session, TEvent @event, long nowTicks, int optionsIndex, ref TimerRelay<TStatus> relay);

    public abstract int Advance(ref SessionState<TStatus> session, long nowTicks, int optionsIndex, ref TimerRelay<TStatus> relay);

    /// <summary>The next deadline in UTC ticks, or -1 when no timer runs.</summary>
    public abstract long NextDeadlineTicks(in SessionState<TStatus> session, int optionsIndex);

    /// <summary>The options of entry <paramref name="optionsIndex"/> as text (written once, then kept).</summary>
    public abstract string OptionsText(int optionsIndex);

    /// <summary>The index of the lifecycle's default options (valid by construction).</summary>
    public abstract int DefaultOptionsIndex();

    /// <summary>The index of the options written as <paramref name="text"/>, adding them when new; false when the text is not valid options.</summary>
    public abstract bool TryInternOptionsText(string text, out int optionsIndex, out string? error);
}

/// <summary>The adapter for <typeparamref name="TLifecycle"/>.</summary>
internal sealed class LifecycleAdapter<TLifecycle, TStatus, TEvent, TOptions> : LifecycleAdapter<TStatus, TEvent>, IOptionsTable<TOptions>
    where TLifecycle : struct, ILifecycle<TStatus, TEvent, TOptions>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
    where TOptions : struct
{
    private readonly Dictionary<TOptions, int> _index = [];
    private readonly Dictionary<string, int> _textIndex = new(StringComparer.Ordinal);
    private TOptions[] _options = new TOptions[4];
    private string?[] _texts = new string?[4];
    private int _count;
    private string? _lastText;
    private int _lastTextIndex;

    public LifecycleAdapter(object owner, int index)
        : base(owner, index, TLifecycle.Description)
    {
    }

    public override int OptionsCount => _count;

    public TOptions DefaultOptions => TLifecycle.DefaultOptions;

    public override TStatus DefaultInitialStatus => TLifecycle.DefaultInitialStatus;

    public override bool IsInitial(TStatus status) => TLifecycle.IsInitial(status);

    public override SessionState<TStatus> Start(TStatus initial, long nowTicks) => TLifecycle.Start(initial, new DateTimeOffset(nowTicks, TimeSpan.Zero));

    public override TransitionResult<TStatus, TEvent> Fire(TStatus from, TEvent @event, int optionsIndex) =>
        TLifecycle.Fire(from, @event, in _options[optionsIndex]);

    public override TransitionResult<TStatus, TEvent> Apply(ref SessionState<TStatus> session, TEvent @event, long nowTicks, int optionsIndex, ref TimerRelay<TStatus> relay) =>
        TLifecycle.Apply(ref session, @event, new DateTimeOffset(nowTicks, TimeSpan.Zero), in _options[optionsIndex], ref relay);

    public override int Advance(ref SessionState<TStatus> session, long nowTicks, int optionsIndex, ref TimerRelay<TStatus> relay) =>
        TLifecycle.Advance(ref session, new DateTimeOffset(nowTicks, TimeSpan.Zero), in _options[optionsIndex], ref relay);

    public override long NextDeadlineTicks(in SessionState<TStatus> session, int optionsIndex) =>
        TLifecycle.NextDeadline(in session, in _options[optionsIndex]) is { } due ? due.UtcTicks : -1;

    public override string OptionsText(int optionsIndex) =>
        _texts[optionsIndex] ??= TLifecycle.FormatOptions(in _options[optionsIndex]);

    /// <summary>The index of <paramref name="options"/>, adding them when new; null (with the reason) when they fail the definition's checks.</summary>
    public int? TryIntern(in TOptions options, out string? error)
    {
        if (_index.TryGetValue(options, out int index))
        {
            error = null;
            return index;
        }

        if (!TLifecycle.TryValidate(in options, out error))
        {
            return null;
        }

        return Add(options);
    }

    public override int DefaultOptionsIndex() =>
        TryIntern(TLifecycle.DefaultOptions, out string? error) ?? throw new InvalidOperationException($"The default options of {Name} are invalid: {error}");

    public override bool TryInternOptionsText(string text, out int optionsIndex, out string? error)
    {
        // Restoring reads the same few texts a million times, often as the same string instance.
        if (ReferenceEquals(text, _lastText) || _textIndex.TryGetValue(text, out _lastTextIndex))
        {
            _lastText = text;
            optionsIndex = _lastTextIndex;
            error = null;
            return true;
        }

        if (!TLifecycle.TryParseOptions(text, out TOptions options, out error))
        {
            optionsIndex = -1;
            return false;
        }

        optionsIndex = _index.TryGetValue(options, out int known) ? known : Add(options);
        _textIndex[text] = optionsIndex;
        _lastText = text;
        _lastTextIndex = optionsIndex;
        return true;
    }

    private int Add(TOptions options)
    {
        if (_count == _options.Length)
        {
            Array.Resize(ref _options, _count * 2);
            Array.Resize(ref _texts, _count * 2);
        }

        _options[_count] = options;
        _texts[_count] = null; // written by FormatOptions when first needed, so stored text is always current
        _index.Add(options, _count);
        return _count++;
    }
}
