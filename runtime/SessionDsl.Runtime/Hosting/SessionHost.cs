using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Hosting;

/// <summary>
/// Keeps very many live sessions of lifecycles that share one status and one event type, addressed by the
/// application's own keys and grouped by partition keys (the entity the rules across sessions span); their deadlines in a
/// timing wheel on a <see cref="TimeProvider"/>; the rules the definitions declare (<c>rules:</c>); and, with a store,
/// every change durable and in a changes feed.
/// </summary>
/// <remarks>
/// <para>
/// Register every lifecycle, then <see cref="Open"/>: with a store, that restores every session, its countdowns and the
/// rule state, and fires every timer that came due while the host was down, in deadline order, each target entered at
/// its own deadline. Events go through the generated lifecycles (<c>Apply</c>, <c>Advance</c>, <c>NextDeadline</c>);
/// after every change the session's next deadline is rescheduled in O(1). <see cref="Advance()"/>, or the host's own
/// clock (<see cref="StartClock"/>), fires every deadline due by the clock's time, across sessions, in deadline order.
/// </para>
/// <para>
/// Calls are serialised by one lock. Refusals and unknown keys are results (<see cref="HostResult{TKey, TStatus, TEvent}"/>;
/// <see cref="HostResult{TKey, TStatus, TEvent}.OrThrow"/> throws them); a store that fails throws
/// <see cref="SessionStoreException"/>. With <see cref="Durability.PerCall"/> a call returns after its commit and a
/// failed commit changes nothing, in memory or on disk; with <see cref="Durability.GroupCommit"/> a call's changes are
/// committed with others a few milliseconds later (<see cref="WhenDurableAsync"/>).
/// </para>
/// </remarks>
/// <typeparam name="TKey">The application's session key: <see cref="string"/>, <see cref="Guid"/>, <see cref="long"/> or <see cref="int"/>.</typeparam>
/// <typeparam name="TPartition">The partition key, of the same kinds (for the messaging definitions: a messaging user in one channel).</typeparam>
/// <typeparam name="TStatus">The shared status enum.</typeparam>
/// <typeparam name="TEvent">The shared event enum.</typeparam>
public sealed partial class SessionHost<TKey, TPartition, TStatus, TEvent> : IDisposable, IAsyncDisposable, ITimerSink<TStatus>
    where TKey : notnull, IEquatable<TKey>
    where TPartition : notnull, IEquatable<TPartition>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    private readonly object _gate = new();
    private readonly SessionHostOptions _options;
    private readonly TimeProvider _time;
    private readonly ISessionStore? _store;
    private readonly SessionHostOptions.HostObserver? _observer;
    private readonly List<LifecycleAdapter<TStatus, TEvent>> _lifecycles = [];
    private readonly Dictionary<string, LifecycleAdapter<TStatus, TEvent>> _lifecyclesByName = new(StringComparer.Ordinal);
    private readonly TimingWheel? _wheel; // null with FewSessions
    private readonly DeadlineScan? _scan; // FewSessions only
    private HostState _state;
    private ITimer? _clock;
    private int _timersFired;
    private long _lastClockRunTicks;

    /// <summary>Creates a host; register its lifecycles, then <see cref="Open"/> it.</summary>
    /// <param name="options">Its clock, store and settings; null for the defaults (system clock, in memory, no feed).</param>
    /// <exception cref="NotSupportedException"><typeparamref name="TKey"/> or <typeparamref name="TPartition"/> is not a key type a store can keep.</exception>
    public SessionHost(SessionHostOptions? options = null)
    {
        _options = options ?? new SessionHostOptions();
        _options.Validate();
        KeyCodec<TKey>.EnsureSupported("session key");
        KeyCodec<TPartition>.EnsureSupported("partition key");
        _time = _options.TimeProvider;
        _store = _options.Store;
        _observer = _options.Observer;
        int capacity = _options.FewSessions ? Math.Max(_options.Capacity, 1) : Math.Max(_options.Capacity, 16);
        _sessions = new Session[capacity];
        _keys = new Dictionary<TKey, int>(capacity);
        _partitions = new Partition[capacity];
        _partitionIndex = new Dictionary<TPartition, int>(capacity);
        if (_options.FewSessions)
        {
            _scan = new DeadlineScan(capacity);
        }
        else
        {
            _wheel = new TimingWheel(_options.Tick, _time.GetUtcNow().UtcTicks, capacity);
        }

        if (_store is not null)
        {
            _touched = new int[capacity]; // the undo log's marks: every per-call operation, and units under group commit
        }
    }

    private enum HostState
    {
        Registering,
        Open,
        Faulted,
        Disposed,
    }

    /// <summary>How many sessions the host holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>How many partitions hold at least one session (a partition whose sessions are all gone is forgotten).</summary>
    public int PartitionCount
    {
        get
        {
            lock (_gate)
            {
                return _partitionCount;
            }
        }
    }

    /// <summary>How many sessions have a pending deadline.</summary>
    public int PendingDeadlines
    {
        get
        {
            lock (_gate)
            {
                return _scan?.Count ?? _wheel!.Count;
            }
        }
    }

    /// <summary>How many timers have fired since the host was created.</summary>
    public int TimersFired
    {
        get
        {
            lock (_gate)
            {
                return _timersFired;
            }
        }
    }

    /// <summary>The position of the last change made (0: none yet, or no store).</summary>
    public long LastPosition
    {
        get
        {
            lock (_gate)
            {
                return _nextPosition - 1;
            }
        }
    }

    /// <summary>The position up to which every change is committed.</summary>
    public long DurablePosition => Volatile.Read(ref _durablePosition);

    /// <summary>The last failure of the host's clock (an <see cref="Advance()"/> it ran that threw), or null; the clock goes on ticking.</summary>
    public Exception? LastClockError { get; private set; }

    /// <summary>
    /// How far the host's clock is behind: the time since it last finished an advance without error, while it runs
    /// (<see cref="TimeSpan.Zero"/> when it is not started).
    /// </summary>
    public TimeSpan ClockLag
    {
        get
        {
            lock (_gate)
            {
                return _clock is null ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(0, _time.GetUtcNow().UtcTicks - _lastClockRunTicks));
            }
        }
    }

    /// <summary>The wheel's tick.</summary>
    public TimeSpan Tick => _wheel?.Tick ?? _options.Tick;

    /// <summary>
    /// Registers <typeparamref name="TLifecycle"/>, before <see cref="Open"/>. Its rules (<c>rules:</c>) take effect with
    /// it; a session of it is started with the returned handle and options of its own type.
    /// </summary>
    /// <exception cref="InvalidOperationException">The host is already open, or a lifecycle of that name is registered.</exception>
    public LifecycleHandle<TOptions> Register<TLifecycle, TOptions>()
        where TLifecycle : struct, ILifecycle<TStatus, TEvent, TOptions>
        where TOptions : struct
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_state != HostState.Registering)
            {
                throw new InvalidOperationException($"Register {TLifecycle.Description.Name} before Open: the host restores and checks sessions against the lifecycles it knows when it opens.");
            }

            string name = TLifecycle.Description.Name;
            if (_lifecyclesByName.ContainsKey(name))
            {
                throw new InvalidOperationException($"A lifecycle named '{name}' is already registered with this host; a store keeps sessions by lifecycle name, so names must differ.");
            }

            var adapter = new LifecycleAdapter<TLifecycle, TStatus, TEvent, TOptions>(this, _lifecycles.Count);
            _lifecycles.Add(adapter);
            _lifecyclesByName.Add(name, adapter);
            return new LifecycleHandle<TOptions>(this, adapter.Index, name);
        }
    }

    /// <summary>
    /// Opens the host: with a store, restores every session with its countdowns and the rule state, then fires every
    /// timer that came due while the host was down, in deadline order, and commits them.
    /// </summary>
    /// <exception cref="InvalidOperationException">No lifecycle is registered, or the host is already open.</exception>
    /// <exception cref="SessionStoreException">
    /// The store cannot be used, or holds sessions the registered definitions cannot take (a lifecycle, status, timer or
    /// option they lack): the message says which, how many, and how to migrate them; nothing was changed.
    /// </exception>
    public void Open()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_state != HostState.Registering)
            {
                throw new InvalidOperationException("The host is already open.");
            }

            if (_lifecycles.Count == 0)
            {
                throw new InvalidOperationException("Register at least one lifecycle before opening the host.");
            }

            CompileRules();
            long now = Now();
            _advancedTo = now;
            try
            {
                if (_store is not null)
                {
                    Restore(_store, now);
                    StartWriter();
                }

                _state = HostState.Open;
                _usable = true;
                AdvanceTo(now); // the catch-up: everything that came due while the host was down
            }
            catch
            {
                _state = HostState.Faulted;
                _usable = false;
                throw;
            }
        }
    }

    /// <summary>
    /// Starts session <paramref name="key"/> of <paramref name="lifecycle"/> in <paramref name="partition"/>, with
    /// <paramref name="options"/>, in <paramref name="initial"/> (default: the lifecycle's first initial status), at the
    /// clock's time. With <paramref name="firstEvent"/>, the event is applied at once, and if the lifecycle or a rule
    /// refuses it no session is started (as when a rep's opening message creates the session).
    /// </summary>
    /// <param name="key">The application's key for the session.</param>
    /// <param name="partition">The partition the rules across sessions look at.</param>
    /// <param name="lifecycle">The handle <see cref="Register{TLifecycle, TOptions}"/> returned.</param>
    /// <param name="options">The session's options; checked against the definition.</param>
    /// <param name="initial">The initial status, or null for the default.</param>
    /// <param name="firstEvent">An event applied as part of the start, or null.</param>
    /// <param name="reason">With <paramref name="firstEvent"/>: the reason, as in <see cref="Apply"/>.</param>
    public HostResult<TKey, TStatus, TEvent> Start<TOptions>(TKey key, TPartition partition, LifecycleHandle<TOptions> lifecycle, in TOptions options, TStatus? initial = null, TEvent? firstEvent = null, string? reason = null)
        where TOptions : struct
    {
        ThrowIfNull(key, nameof(key));
        ThrowIfNull(partition, nameof(partition));
        ArgumentNullException.ThrowIfNull(lifecycle);
        lock (_gate)
        {
            ThrowIfNotOpen();
            if (_observer is not null)
            {
                return StartObserved(key, partition, lifecycle, in options, initial, firstEvent, reason);
            }

            return StartCore(key, partition, lifecycle, in options, initial, firstEvent, reason);
        }
    }

    private HostResult<TKey, TStatus, TEvent> StartCore<TOptions>(TKey key, TPartition partition, LifecycleHandle<TOptions> lifecycle, in TOptions options, TStatus? initial, TEvent? firstEvent, string? reason)
        where TOptions : struct
    {
        if (lifecycle.Owner != this || lifecycle.Index >= _lifecycles.Count)
        {
            return new(HostOutcome.UnknownLifecycle, key, detail: new($"The lifecycle handle '{lifecycle.Name}' was not registered with this host; register the lifecycle with it and use the handle it returns."));
        }

        LifecycleAdapter<TStatus, TEvent> adapter = _lifecycles[lifecycle.Index];
        if (((IOptionsTable<TOptions>)adapter).TryIntern(in options, out string? optionsError) is not { } optionsIndex)
        {
            return new(HostOutcome.InvalidOptions, key, detail: new($"Options of {adapter.Name} are invalid: {optionsError}"));
        }

        return StartResolved(key, partition, adapter, optionsIndex, initial, firstEvent, reason);
    }

    private HostResult<TKey, TStatus, TEvent> StartResolved(TKey key, TPartition partition, LifecycleAdapter<TStatus, TEvent> adapter, int optionsIndex, TStatus? initial, TEvent? firstEvent, string? reason)
    {
        if (_keys.TryGetValue(key, out int existing))
        {
            ref Session other = ref _sessions[existing];
            return new(HostOutcome.KeyInUse, key, detail: new($"A session with the key {KeyCodec<TKey>.Format(key)} already exists ({_lifecycles[other.Lifecycle].Name}, {EnumIndex<TStatus>.Name(other.State.Status)}); keys are unique within a host."));
        }

        TStatus status = initial ?? adapter.DefaultInitialStatus;
        if (!adapter.IsInitial(status))
        {
            return new(HostOutcome.NotAnInitialStatus, key, detail: new($"'{EnumIndex<TStatus>.Name(status)}' is not an initial status of {adapter.Name}; it starts in {string.Join(" or ", adapter.Description.States.Where(s => s.IsInitial).Select(s => EnumIndex<TStatus>.Name(s.Status)))}."));
        }

        long now = Now();
        long start = BeginOp();
        HostResult<TKey, TStatus, TEvent> result;
        try
        {
            result = StartAt(key, partition, adapter, optionsIndex, status, firstEvent, reason, now);
        }
        catch
        {
            AbortOp();
            throw;
        }

        return result.WithPosition(EndOp(start));
    }

    /// <summary>
    /// Starts session <paramref name="key"/> of the lifecycle named <paramref name="lifecycle"/>, with options in their
    /// text form (as the lifecycle's <c>FormatOptions</c> writes them and a store keeps them; null or empty for the
    /// defaults): for callers that hold names rather than types, such as a grain that receives a start over the wire.
    /// Everything else is as in <see cref="Start{TOptions}(TKey, TPartition, LifecycleHandle{TOptions}, in TOptions, TStatus?, TEvent?, string?)"/>.
    /// </summary>
    public HostResult<TKey, TStatus, TEvent> StartNamed(TKey key, TPartition partition, string lifecycle, string? options, TStatus? initial = null, TEvent? firstEvent = null, string? reason = null)
    {
        ThrowIfNull(key, nameof(key));
        ThrowIfNull(partition, nameof(partition));
        ArgumentNullException.ThrowIfNull(lifecycle);
        lock (_gate)
        {
            ThrowIfNotOpen();
            if (!_lifecyclesByName.TryGetValue(lifecycle, out LifecycleAdapter<TStatus, TEvent>? adapter))
            {
                return new(HostOutcome.UnknownLifecycle, key, detail: new($"No lifecycle named '{lifecycle}' is registered with this host; it knows {string.Join(", ", _lifecyclesByName.Keys.Order(StringComparer.Ordinal))}."));
            }

            int optionsIndex;
            if (string.IsNullOrEmpty(options))
            {
                optionsIndex = adapter.DefaultOptionsIndex();
            }
            else if (!adapter.TryInternOptionsText(options, out optionsIndex, out string? optionsError))
            {
                return new(HostOutcome.InvalidOptions, key, detail: new($"Options of {adapter.Name} are invalid: {optionsError}"));
            }

            if (_observer is null)
            {
                return StartResolved(key, partition, adapter, optionsIndex, initial, firstEvent, reason);
            }

            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            HostResult<TKey, TStatus, TEvent> result = default;
            Exception? error = null;
            try
            {
                result = StartResolved(key, partition, adapter, optionsIndex, initial, firstEvent, reason);
                return result;
            }
            catch (Exception e)
            {
                error = e;
                throw;
            }
            finally
            {
                TStatus? from = firstEvent is not null && result.Outcome is HostOutcome.Started or HostOutcome.Merged or HostOutcome.EventRefused ? result.Transition.From : null;
                ReportCall(SessionHostOptions.HostObserver.CallKind.Start, adapter.Name, key, firstEvent, result, from, started, error);
            }
        }
    }

    /// <summary>
    /// Starts a session with the lifecycle's default options in its default initial status; see the overload with
    /// options, which also takes an initial status and a first event. It alone has optional parameters, so that
    /// <c>Start(key, partition, lifecycle, new() { ... })</c> always means options (RS0026).
    /// </summary>
    public HostResult<TKey, TStatus, TEvent> Start<TOptions>(TKey key, TPartition partition, LifecycleHandle<TOptions> lifecycle)
        where TOptions : struct
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        TOptions defaults;
        lock (_gate)
        {
            ThrowIfNotOpen();
            defaults = lifecycle.Owner == this && lifecycle.Index < _lifecycles.Count && _lifecycles[lifecycle.Index] is IOptionsTable<TOptions> table
                ? table.DefaultOptions
                : default;
        }

        return Start(key, partition, lifecycle, in defaults);
    }

    /// <summary>
    /// Applies <paramref name="event"/> to session <paramref name="key"/> at the clock's time: the session's due timers
    /// fire first, then the event, through its lifecycle. A <c>requireOthersIn</c> rule on the event looks at the other
    /// sessions of the partition after every timer due by now has fired. <paramref name="reason"/> says why (for
    /// example a failure's cause): kept with the status the event leads to, and compared by <c>mergeRepeatedIn</c> rules.
    /// </summary>
    public HostResult<TKey, TStatus, TEvent> Apply(TKey key, TEvent @event, string? reason = null)
    {
        ThrowIfNull(key, nameof(key));
        lock (_gate)
        {
            ThrowIfNotOpen();
            if (_observer is not null)
            {
                return ApplyObserved(key, @event, reason);
            }

            if (!_keys.TryGetValue(key, out int slot))
            {
                return new(HostOutcome.UnknownSession, key);
            }

            // In memory there is nothing to undo or commit: the call is the event, and nothing more.
            return _store is null ? ApplyAt(slot, key, @event, reason, Now()) : ApplyDurably(slot, key, @event, reason);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private HostResult<TKey, TStatus, TEvent> ApplyDurably(int slot, TKey key, TEvent @event, string? reason)
    {
        long now = Now();
        long start = BeginOp();
        HostResult<TKey, TStatus, TEvent> result;
        try
        {
            result = ApplyAt(slot, key, @event, reason, now);
        }
        catch
        {
            AbortOp();
            throw;
        }

        return result.WithPosition(EndOp(start));
    }

    /// <summary>
    /// Deletes session <paramref name="key"/> (one session per call: there is no mass delete). Its due timers fire
    /// first; a <c>deleteOnlyIn</c> rule of its lifecycle may then refuse it.
    /// </summary>
    public HostResult<TKey, TStatus, TEvent> Delete(TKey key)
    {
        ThrowIfNull(key, nameof(key));
        lock (_gate)
        {
            ThrowIfNotOpen();
            if (_observer is not null)
            {
                return DeleteObserved(key);
            }

            return DeleteCore(key);
        }
    }

    private HostResult<TKey, TStatus, TEvent> DeleteCore(TKey key)
    {
        if (!_keys.TryGetValue(key, out int slot))
        {
            return new(HostOutcome.UnknownSession, key);
        }

        long now = Now();
        long start = BeginOp();
        HostResult<TKey, TStatus, TEvent> result;
        try
        {
            result = DeleteAt(slot, key, now);
        }
        catch
        {
            AbortOp();
            throw;
        }

        return result.WithPosition(EndOp(start));
    }

    /// <summary>Starts a session and, with group commit, waits until it is committed; see <see cref="Start{TOptions}(TKey, TPartition, LifecycleHandle{TOptions}, in TOptions, TStatus?, TEvent?, string?)"/>.</summary>
    public async ValueTask<HostResult<TKey, TStatus, TEvent>> StartAsync<TOptions>(TKey key, TPartition partition, LifecycleHandle<TOptions> lifecycle, TOptions options, TStatus? initial = null, TEvent? firstEvent = null, string? reason = null, CancellationToken cancellationToken = default)
        where TOptions : struct
    {
        HostResult<TKey, TStatus, TEvent> result = Start(key, partition, lifecycle, in options, initial, firstEvent, reason);
        await WhenDurableAsync(result.Position, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Applies an event and, with group commit, waits until it is committed; see <see cref="Apply"/>.</summary>
    public async ValueTask<HostResult<TKey, TStatus, TEvent>> ApplyAsync(TKey key, TEvent @event, string? reason = null, CancellationToken cancellationToken = default)
    {
        HostResult<TKey, TStatus, TEvent> result = Apply(key, @event, reason);
        await WhenDurableAsync(result.Position, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Deletes a session and, with group commit, waits until it is committed; see <see cref="Delete"/>.</summary>
    public async ValueTask<HostResult<TKey, TStatus, TEvent>> DeleteAsync(TKey key, CancellationToken cancellationToken = default)
    {
        HostResult<TKey, TStatus, TEvent> result = Delete(key);
        await WhenDurableAsync(result.Position, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Looks session <paramref name="key"/> up; false when no session has it.</summary>
    public bool TryGet(TKey key, out SessionView<TKey, TPartition, TStatus> view)
    {
        ThrowIfNull(key, nameof(key));
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!_keys.TryGetValue(key, out int slot))
            {
                view = default;
                return false;
            }

            view = View(slot);
            return true;
        }
    }

    /// <summary>Looks session <paramref name="key"/> up; throws <see cref="SessionHostException"/> when no session has it.</summary>
    public SessionView<TKey, TPartition, TStatus> Get(TKey key) =>
        TryGet(key, out SessionView<TKey, TPartition, TStatus> view)
            ? view
            : throw new SessionHostException(HostOutcome.UnknownSession, new HostResult<TKey, TStatus, TEvent>(HostOutcome.UnknownSession, key).Message);

    /// <summary>The sessions of <paramref name="partition"/>, oldest first; empty when it has none.</summary>
    public IReadOnlyList<SessionView<TKey, TPartition, TStatus>> GetPartition(TPartition partition)
    {
        ThrowIfNull(partition, nameof(partition));
        lock (_gate)
        {
            ThrowIfDisposed();
            var views = new List<SessionView<TKey, TPartition, TStatus>>();
            if (_partitionIndex.TryGetValue(partition, out int p))
            {
                for (int slot = _partitions[p].Newest; slot >= 0; slot = _sessions[slot].Older)
                {
                    views.Add(View(slot));
                }

                views.Reverse();
            }

            return views;
        }
    }

    /// <summary>Fires every deadline due by the clock's time, across sessions, in deadline order; returns how many timers fired.</summary>
    public int Advance()
    {
        lock (_gate)
        {
            ThrowIfNotOpen();
            return AdvanceTo(Now());
        }
    }

    /// <summary>
    /// Starts the host's own clock: an <see cref="Advance()"/> every tick on the <see cref="TimeProvider"/>'s timer,
    /// until <see cref="Dispose"/>. An advance that fails (a store that cannot commit) is kept in
    /// <see cref="LastClockError"/> and tried again at the next tick; it never ends the process.
    /// </summary>
    public void StartClock()
    {
        lock (_gate)
        {
            ThrowIfNotOpen();
            _lastClockRunTicks = Now();
            _clock ??= _time.CreateTimer(static state => ((SessionHost<TKey, TPartition, TStatus, TEvent>)state!).ClockTick(), this, Tick, Tick);
        }
    }

    /// <summary>Stops the clock, commits what is pending, stops the feed's subscriptions and, unless told otherwise, disposes the store.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        Thread? writer;
        List<FeedSubscription<TKey, TPartition, TStatus, TEvent>> subscriptions;
        lock (_gate)
        {
            if (_state == HostState.Disposed || _disposing)
            {
                return;
            }

            _disposing = true;
            _usable = false;
            _clock?.Dispose();
            _clock = null;
            _stopping = true;
            Monitor.PulseAll(_gate);
            writer = _writer;
            subscriptions = [.. _subscriptions];
        }

        writer?.Join(); // it commits what is pending, then ends
        foreach (FeedSubscription<TKey, TPartition, TStatus, TEvent> subscription in subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        lock (_gate)
        {
            _state = HostState.Disposed;
            FailWaiters(new ObjectDisposedException(GetType().Name, "The host was disposed before this change was committed."));
        }

        if (_options.DisposeStore)
        {
            _store?.Dispose();
        }
    }

    private void ClockTick()
    {
        try
        {
            Advance();
            lock (_gate)
            {
                _lastClockRunTicks = Now();
            }

            LastClockError = null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The clock runs on a timer thread: an exception there would end the process. It is kept for whoever
            // watches the host (ClockLag, LastClockError) and the next tick tries again.
            LastClockError = e;
        }
    }

    private long Now() => _time.GetUtcNow().UtcTicks;

    // ArgumentNullException.ThrowIfNull takes an object: a key of a value type would be boxed where the JIT does not optimise the box away.
    private static void ThrowIfNull<T>(T value, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }
    }

    private void ThrowIfDisposed()
    {
        if (_state == HostState.Disposed || _disposing)
        {
            throw new ObjectDisposedException(GetType().Name, "The session host was disposed; open a new host on the store to go on.");
        }
    }

    // One field for the common case: open, not disposing, no store failure. Every call reads it first.
    private bool _usable;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ThrowIfNotOpen()
    {
        if (!_usable)
        {
            ThrowNotUsable();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNotUsable()
    {
        ThrowIfDisposed();
        switch (_state)
        {
            case HostState.Open:
                if (_fault is not null)
                {
                    throw new SessionStoreException(_fault.Message, _fault);
                }

                return;
            case HostState.Registering:
                throw new InvalidOperationException("Open the host first (after registering its lifecycles).");
            case HostState.Faulted:
                throw new InvalidOperationException("The host failed to open; dispose it and open a new one.");
            default:
                throw new InvalidOperationException($"The host is {_state}.");
        }
    }

    private SessionView<TKey, TPartition, TStatus> View(int slot)
    {
        ref Session s = ref _sessions[slot];
        return new SessionView<TKey, TPartition, TStatus>(
            s.Key,
            _partitions[s.Partition].Key,
            _lifecycles[s.Lifecycle].Name,
            s.State,
            _lifecycles[s.Lifecycle].OptionsText(s.OptionsIndex),
            new DateTimeOffset(s.StartedAtTicks, TimeSpan.Zero),
            new DateTimeOffset(s.LastModifiedTicks, TimeSpan.Zero),
            s.Due >= 0 ? new DateTimeOffset(s.Due, TimeSpan.Zero) : null,
            s.Reason);
    }

    // What an event or a timer reads and writes comes first (the state, the deadline, the lifecycle and options, the
    // last-modified time: one 64-byte line); what starts, deletions and rules use follows.
    [StructLayout(LayoutKind.Sequential)]
    private struct Session
    {
        public SessionState<TStatus> State;
        public long Due; // the deadline in the wheel, or -1
        public int Lifecycle;
        public int OptionsIndex;
        public long LastModifiedTicks;
        public TKey Key;
        public string? Reason;
        public long StartedAtTicks;
        public long Sequence;
        public int Partition;
        public int Older; // the partition's session started just before this one, or -1; for a free slot, the next free one
        public int Newer; // just after, or -1
        public bool Live;
    }

    private struct Partition
    {
        public TPartition Key;
        public int Newest; // its most recently started session, or -1
        public int Count;
        public int NextFree;
    }
}

/// <summary>A lifecycle's options, seen by their type: how the host keeps each distinct value once.</summary>
internal interface IOptionsTable<TOptions>
    where TOptions : struct
{
    TOptions DefaultOptions { get; }

    int? TryIntern(in TOptions options, out string? error);
}
