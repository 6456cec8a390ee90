using System.Runtime.InteropServices;

namespace SessionDsl.Hosting;

/// <summary>
/// Keeps very many live sessions of lifecycles that share one status and one event type: their states in flat arrays
/// of structs, each tied to a messaging user, a channel, a lifecycle and an entry in that lifecycle's options table;
/// their deadlines in a <see cref="TimingWheel"/> driven by a <see cref="TimeProvider"/>; and the rules across
/// sessions in <see cref="SessionHostRules{TStatus, TChannel}"/>.
/// </summary>
/// <remarks>
/// <para>
/// Events are applied through the generated lifecycles (<c>Apply</c>, <c>Advance</c>, <c>NextDeadline</c>); after every
/// change the session's next deadline is rescheduled, which the wheel does in O(1). <see cref="Advance()"/> fires every
/// deadline due by the clock's time, across sessions, in deadline order; a timer that leads to a state with its own
/// timer (Inactive, then Ended 30 hours later) is rescheduled at once and fires in the same call if it is due.
/// </para>
/// <para>
/// Calls are serialised by a lock, so the clock's timer (<see cref="StartClock"/>) and callers can share a host.
/// Refusals and bad calls are results (<see cref="HostResult{TStatus, TEvent}"/>); call
/// <see cref="HostResult{TStatus, TEvent}.OrThrow"/> to have them thrown.
/// </para>
/// </remarks>
/// <typeparam name="TStatus">The shared status enum.</typeparam>
/// <typeparam name="TEvent">The shared event enum.</typeparam>
/// <typeparam name="TChannel">The channel enum.</typeparam>
public sealed class SessionHost<TStatus, TEvent, TChannel> : IDisposable, ITimerSink<TStatus>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
    where TChannel : struct, Enum
{
    /// <summary>The wheel's tick when none is given: one second.</summary>
    public static readonly TimeSpan DefaultTick = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly SessionHostRules<TStatus, TChannel> _rules;
    private readonly ISessionHostObserver<TStatus, TEvent>? _observer;
    private readonly List<LifecycleAdapter<TStatus, TEvent>> _lifecycles = [];
    private readonly TimingWheel _wheel;
    private readonly Dictionary<long, int> _userIndex;
    private Session[] _sessions;
    private User[] _users;
    private int _userCount;
    private int _highWater;
    private int _freeHead = -1;
    private int _count;
    private ITimer? _clock;
    private bool _disposed;

    /// <param name="time">The clock: every call reads it, and <see cref="StartClock"/> ticks on it.</param>
    /// <param name="rules">The rules across sessions.</param>
    /// <param name="observer">Receives every change, or null.</param>
    /// <param name="tick">The timing wheel's unit (default one second). Deadlines fire exactly at their time whatever the tick; the tick sets how often <see cref="StartClock"/> looks.</param>
    /// <param name="capacity">How many sessions (and messaging users) to make room for at once; the host grows past it.</param>
    public SessionHost(TimeProvider time, SessionHostRules<TStatus, TChannel> rules, ISessionHostObserver<TStatus, TEvent>? observer = null, TimeSpan? tick = null, int capacity = 1024)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _time = time;
        _rules = rules;
        _observer = observer;
        _sessions = new Session[Math.Max(capacity, 16)];
        _users = new User[Math.Max(capacity, 16)];
        _userIndex = new Dictionary<long, int>(capacity);
        _wheel = new TimingWheel(tick ?? DefaultTick, time.GetUtcNow().UtcTicks, _sessions.Length);
    }

    /// <summary>How many sessions the host holds (started and not deleted or merged).</summary>
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

    /// <summary>How many sessions have a pending deadline.</summary>
    public int PendingDeadlines
    {
        get
        {
            lock (_gate)
            {
                return _wheel.Count;
            }
        }
    }

    /// <summary>The wheel's tick.</summary>
    public TimeSpan Tick => _wheel.Tick;

    /// <summary>
    /// Registers <typeparamref name="TLifecycle"/> with its table of options; a session names its options by index into
    /// the table, so per-session options cost one int. <paramref name="validate"/> (for generated lifecycles:
    /// <c>o =&gt; o.TryValidate(out var e) ? null : e</c>) checks each entry once, here.
    /// </summary>
    /// <exception cref="ArgumentException">The table is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry fails <paramref name="validate"/>; the message names the entry and says why.</exception>
    public LifecycleKey Register<TLifecycle, TOptions>(ReadOnlySpan<TOptions> options, Func<TOptions, string?>? validate = null)
        where TLifecycle : struct, ILifecycle<TStatus, TEvent, TOptions>
        where TOptions : struct
    {
        if (options.IsEmpty)
        {
            throw new ArgumentException($"{TLifecycle.Description.Name}: register at least one entry of options (for example its defaults).", nameof(options));
        }

        TOptions[] table = options.ToArray();
        if (validate is not null)
        {
            for (int i = 0; i < table.Length; i++)
            {
                if (validate(table[i]) is { } error)
                {
                    throw new ArgumentOutOfRangeException(nameof(options), table[i], $"{TLifecycle.Description.Name}: options entry {i} is out of range: {error}");
                }
            }
        }

        lock (_gate)
        {
            _lifecycles.Add(new LifecycleAdapter<TLifecycle, TStatus, TEvent, TOptions>(table));
            return new LifecycleKey(_lifecycles.Count - 1);
        }
    }

    /// <summary>The name of a registered lifecycle.</summary>
    public string LifecycleName(LifecycleKey lifecycle)
    {
        lock (_gate)
        {
            return (uint)lifecycle.Index < (uint)_lifecycles.Count
                ? _lifecycles[lifecycle.Index].Name
                : throw new ArgumentOutOfRangeException(nameof(lifecycle), lifecycle, "No lifecycle was registered under this key.");
        }
    }

    /// <summary>
    /// Starts a session of <paramref name="lifecycle"/> for messaging user <paramref name="userId"/> in
    /// <paramref name="channel"/>, with options entry <paramref name="optionsIndex"/>, in <paramref name="initial"/> (default:
    /// the lifecycle's first initial status), at the clock's time. A rep's start obeys the rules: not in a channel reps
    /// cannot initiate in, and not while the user has a session that is not closed.
    /// </summary>
    public HostResult<TStatus, TEvent> Start(long userId, TChannel channel, LifecycleKey lifecycle, int optionsIndex, SessionInitiator initiator, TStatus? initial = null)
    {
        lock (_gate)
        {
            if ((uint)lifecycle.Index >= (uint)_lifecycles.Count)
            {
                return new(HostOutcome.UnknownLifecycle, default);
            }

            LifecycleAdapter<TStatus, TEvent> adapter = _lifecycles[lifecycle.Index];
            if ((uint)optionsIndex >= (uint)adapter.OptionsCount)
            {
                return new(HostOutcome.OptionsOutOfRange, default);
            }

            TStatus status = initial ?? adapter.DefaultInitialStatus;
            if (!adapter.IsInitial(status))
            {
                return new(HostOutcome.NotAnInitialStatus, default, transition: new(TransitionOutcome.None, status, default, status, -1));
            }

            _userIndex.TryGetValue(userId, out int user);
            bool known = _userIndex.ContainsKey(userId);
            if (initiator == SessionInitiator.Rep)
            {
                if (_rules.RepsCannotInitiateIn(channel))
                {
                    return new(HostOutcome.RepCannotInitiateInChannel, default);
                }

                if (known && _users[user].OpenSessions > 0)
                {
                    return new(HostOutcome.PreviousSessionStillOpen, default, _users[user].Latest);
                }
            }

            if (!known)
            {
                user = AddUser(userId);
            }

            long now = _time.GetUtcNow().UtcTicks;
            int slot = AllocateSlot();
            ref Session session = ref _sessions[slot];
            session.State = adapter.Start(status, new DateTimeOffset(now, TimeSpan.Zero));
            session.LastModifiedTicks = now;
            session.User = user;
            session.Lifecycle = lifecycle.Index;
            session.OptionsIndex = optionsIndex;
            session.Channel = channel;
            session.FailureCause = 0;
            session.Due = -1;
            session.Live = true;
            var id = new SessionId(slot, session.Generation);
            _count++;

            ref User u = ref _users[user];
            u.Latest = id;
            if (!_rules.IsClosed(status))
            {
                u.OpenSessions++;
            }

            Reschedule(slot, ref session, adapter);
            Publish(new(SessionChangeKind.Started, id, lifecycle, userId, status, status, default, -1, now));
            return new(HostOutcome.Started, id);
        }
    }

    /// <summary>
    /// Applies <paramref name="event"/> to <paramref name="session"/> at the clock's time: the session's due timers fire
    /// first, then the event, through its lifecycle. <paramref name="failureCause"/> identifies why the session fails when
    /// the event leads to a failure status (0: no cause given, never merged); a second failure of the user's with the same
    /// cause updates the previous failed session instead of keeping this one.
    /// </summary>
    public HostResult<TStatus, TEvent> Apply(SessionId session, TEvent @event, int failureCause = 0)
    {
        lock (_gate)
        {
            HostOutcome lookup = Resolve(session);
            if (lookup != HostOutcome.None)
            {
                return new(lookup, session);
            }

            int slot = session.Slot;
            ref Session s = ref _sessions[slot];
            LifecycleAdapter<TStatus, TEvent> adapter = _lifecycles[s.Lifecycle];
            DateTimeOffset now = _time.GetUtcNow();
            var relay = new TimerRelay<TStatus>(this, slot);
            TransitionResult<TStatus, TEvent> result;
            try
            {
                result = adapter.Apply(ref s.State, @event, now, s.OptionsIndex, ref relay);
            }
            catch
            {
                Reschedule(slot, ref s, adapter); // an observer threw while a timer fired: keep the wheel in step
                throw;
            }

            if (!result.IsApplied)
            {
                Reschedule(slot, ref s, adapter); // timers may have fired before the event was refused
                return new(HostOutcome.EventRefused, session, transition: result);
            }

            // The host's own state is brought up to date first and the changes published last, so that an observer
            // that throws cannot leave the host half-updated.
            long nowTicks = Math.Max(now.UtcTicks, s.State.EnteredAtTicks);
            s.LastModifiedTicks = nowTicks;
            var lifecycle = new LifecycleKey(s.Lifecycle);
            long userId = _users[s.User].Id;
            CountClosing(s.User, result.From, result.To);
            SessionId related = default;
            if (failureCause != 0 && _rules.IsFailure(result.To) && !_rules.IsFailure(result.From))
            {
                ref User user = ref _users[s.User];
                if (Resolve(user.LastFailed) == HostOutcome.None && user.LastFailed != session)
                {
                    ref Session previous = ref _sessions[user.LastFailed.Slot];
                    if (previous.FailureCause == failureCause && _rules.IsFailure(previous.State.Status))
                    {
                        previous.LastModifiedTicks = nowTicks;
                        related = user.LastFailed;
                    }
                }

                if (!related.IsValid)
                {
                    s.FailureCause = failureCause;
                    user.LastFailed = session;
                }
            }

            if (related.IsValid)
            {
                Free(slot, ref s);
            }
            else
            {
                Reschedule(slot, ref s, adapter);
            }

            Publish(new(SessionChangeKind.Transition, session, lifecycle, userId, result.From, result.To, @event, result.TransitionIndex, nowTicks));
            if (related.IsValid)
            {
                Publish(new(SessionChangeKind.Merged, session, lifecycle, userId, result.From, result.To, @event, result.TransitionIndex, nowTicks, related));
                return new(HostOutcome.FailureMerged, session, related, result);
            }

            return new(HostOutcome.Applied, session, transition: result);
        }
    }

    /// <summary>
    /// Deletes <paramref name="session"/>, which must be in a deletable (closed) status. One session per call: there is no
    /// mass delete.
    /// </summary>
    public HostResult<TStatus, TEvent> Delete(SessionId session)
    {
        lock (_gate)
        {
            HostOutcome lookup = Resolve(session);
            if (lookup != HostOutcome.None)
            {
                return new(lookup, session);
            }

            ref Session s = ref _sessions[session.Slot];
            TStatus status = s.State.Status;
            if (!_rules.IsDeletable(status))
            {
                return new(HostOutcome.OnlyClosedSessionsCanBeDeleted, session, transition: new(TransitionOutcome.None, status, default, status, -1));
            }

            long now = Math.Max(_time.GetUtcNow().UtcTicks, s.State.EnteredAtTicks);
            var change = new SessionChange<TStatus, TEvent>(SessionChangeKind.Deleted, session, new LifecycleKey(s.Lifecycle), _users[s.User].Id, status, status, default, -1, now);
            Free(session.Slot, ref s);
            Publish(change);
            return new(HostOutcome.Deleted, session);
        }
    }

    /// <summary>Looks <paramref name="session"/> up; false (with the reason in <paramref name="outcome"/>) when it is unknown or deleted.</summary>
    public bool TryGet(SessionId session, out SessionView<TStatus, TChannel> view, out HostOutcome outcome)
    {
        lock (_gate)
        {
            outcome = Resolve(session);
            if (outcome != HostOutcome.None)
            {
                view = default;
                return false;
            }

            ref Session s = ref _sessions[session.Slot];
            long due = s.Due;
            view = new SessionView<TStatus, TChannel>(
                session,
                new LifecycleKey(s.Lifecycle),
                _users[s.User].Id,
                s.Channel,
                s.OptionsIndex,
                s.State,
                new DateTimeOffset(s.LastModifiedTicks, TimeSpan.Zero),
                due >= 0 ? new DateTimeOffset(due, TimeSpan.Zero) : null,
                s.FailureCause);
            return true;
        }
    }

    /// <summary>Looks <paramref name="session"/> up; throws <see cref="SessionHostException"/> when it is unknown or deleted.</summary>
    public SessionView<TStatus, TChannel> Get(SessionId session) =>
        TryGet(session, out SessionView<TStatus, TChannel> view, out HostOutcome outcome)
            ? view
            : throw new SessionHostException(outcome, new HostResult<TStatus, TEvent>(outcome, session).Message);

    /// <summary>Fires every deadline due by the clock's time, across sessions, in deadline order; returns how many timers fired.</summary>
    public int Advance()
    {
        lock (_gate)
        {
            var expiry = new Expiry(this);
            _wheel.Advance(_time.GetUtcNow().UtcTicks, ref expiry);
            return expiry.Fired;
        }
    }

    /// <summary>Starts calling <see cref="Advance()"/> every tick on the clock's own timer, until <see cref="Dispose"/>.</summary>
    public void StartClock()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _clock ??= _time.CreateTimer(static state => ((SessionHost<TStatus, TEvent, TChannel>)state!).Advance(), this, _wheel.Tick, _wheel.Tick);
        }
    }

    /// <summary>Stops the clock's timer. Sessions stay readable.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _clock?.Dispose();
            _clock = null;
        }
    }

    void ITimerSink<TStatus>.OnTimerFired(int slot, int timerIndex, TStatus from, TStatus to, long dueAtTicks)
    {
        ref Session s = ref _sessions[slot];
        s.LastModifiedTicks = Math.Max(s.LastModifiedTicks, dueAtTicks);
        CountClosing(s.User, from, to);
        Publish(new(SessionChangeKind.TimerFired, new SessionId(slot, s.Generation), new LifecycleKey(s.Lifecycle), _users[s.User].Id, from, to, default, timerIndex, dueAtTicks));
    }

    private int OnDeadline(int slot, long deadlineTicks)
    {
        ref Session s = ref _sessions[slot];
        LifecycleAdapter<TStatus, TEvent> adapter = _lifecycles[s.Lifecycle];
        var relay = new TimerRelay<TStatus>(this, slot);
        s.Due = -1; // the wheel has just let it go

        // Advance only to the deadline: a cascade's next timer is rescheduled and fires in its turn among all sessions.
        try
        {
            return adapter.Advance(ref s.State, new DateTimeOffset(deadlineTicks, TimeSpan.Zero), s.OptionsIndex, ref relay);
        }
        finally
        {
            Reschedule(slot, ref s, adapter); // also when an observer throws: the session keeps its next deadline
        }
    }

    private void Reschedule(int slot, ref Session session, LifecycleAdapter<TStatus, TEvent> adapter)
    {
        long due = adapter.NextDeadlineTicks(in session.State, session.OptionsIndex);
        if (due == session.Due)
        {
            return; // unchanged (most events): no new wheel entry, no stale one
        }

        session.Due = due;
        if (due >= 0)
        {
            _wheel.Schedule(slot, due);
        }
        else
        {
            _wheel.Cancel(slot);
        }
    }

    private void CountClosing(int user, TStatus from, TStatus to)
    {
        bool wasClosed = _rules.IsClosed(from);
        bool isClosed = _rules.IsClosed(to);
        if (wasClosed != isClosed)
        {
            _users[user].OpenSessions += isClosed ? -1 : 1;
        }
    }

    private HostOutcome Resolve(SessionId id)
    {
        if (id.Generation == 0 || (uint)id.Slot >= (uint)_highWater)
        {
            return HostOutcome.UnknownSession;
        }

        ref Session s = ref _sessions[id.Slot];
        if (s.Generation == id.Generation && s.Live)
        {
            return HostOutcome.None;
        }

        return id.Generation < s.Generation || (id.Generation == s.Generation && !s.Live)
            ? HostOutcome.SessionDeleted
            : HostOutcome.UnknownSession;
    }

    private int AllocateSlot()
    {
        int slot;
        if (_freeHead >= 0)
        {
            slot = _freeHead;
            _freeHead = _sessions[slot].NextFree;
        }
        else
        {
            if (_highWater == _sessions.Length)
            {
                int size = (int)Math.Min(Array.MaxLength, _sessions.Length * 2L);
                if (size == _sessions.Length)
                {
                    throw new InvalidOperationException("The host is full.");
                }

                Array.Resize(ref _sessions, size);
                _wheel.EnsureCapacity(size);
            }

            slot = _highWater++;
        }

        ref Session session = ref _sessions[slot];
        session.Generation++;
        session.NextFree = -1;
        return slot;
    }

    private void Free(int slot, ref Session session)
    {
        if (_rules.IsClosed(session.State.Status) is false)
        {
            _users[session.User].OpenSessions--;
        }

        _wheel.Cancel(slot);
        session.Due = -1;
        session.Live = false;
        session.State = default;
        session.NextFree = _freeHead;
        _freeHead = slot;
        _count--;
    }

    private int AddUser(long userId)
    {
        if (_userCount == _users.Length)
        {
            Array.Resize(ref _users, _users.Length * 2);
        }

        int index = _userCount++;
        _users[index] = new User { Id = userId };
        _userIndex.Add(userId, index);
        return index;
    }

    private void Publish(in SessionChange<TStatus, TEvent> change) => _observer?.OnChange(in change);

    private struct Expiry(SessionHost<TStatus, TEvent, TChannel> host) : ITimingWheelCallback
    {
        public int Fired;

        public void OnExpired(int id, long deadlineTicks) => Fired += host.OnDeadline(id, deadlineTicks);
    }

    [StructLayout(LayoutKind.Auto)]
    private struct Session
    {
        public SessionState<TStatus> State;
        public long LastModifiedTicks;
        public long Due; // the deadline in the wheel, or -1
        public int User;
        public int Generation;
        public int OptionsIndex;
        public int FailureCause;
        public int Lifecycle;
        public int NextFree;
        public TChannel Channel;
        public bool Live;
    }

    private struct User
    {
        public long Id;
        public int OpenSessions;
        public SessionId Latest;
        public SessionId LastFailed;
    }
}
