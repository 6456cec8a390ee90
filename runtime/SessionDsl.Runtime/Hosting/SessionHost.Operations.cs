using System.Runtime.CompilerServices;

namespace SessionDsl.Hosting;

// What each call does to the sessions, under the lock and inside one operation (BeginOp/EndOp): the lifecycle's
// generated code moves the session, the partition's counters follow its status, the wheel its deadline, and every
// change is recorded for the store.
public sealed partial class SessionHost<TKey, TPartition, TStatus, TEvent>
{
    private long _advancedTo;

    private HostResult<TKey, TStatus, TEvent> StartAt(TKey key, TPartition partition, LifecycleAdapter<TStatus, TEvent> adapter, int optionsIndex, TStatus status, TEvent? firstEvent, string? reason, long now)
    {
        OthersRule<TStatus, TEvent>[]? eventRules = firstEvent is { } fe ? EventRulesOf(adapter, fe) : null;
        if (adapter.StartRules.Length > 0 || eventRules is not null)
        {
            FireDue(now); // the rules look at the other sessions as they are now, every due timer fired
        }

        // The lifecycle speaks first, then the rules: an event it refuses is refused whatever the other sessions are.
        SessionState<TStatus> state = adapter.Start(status, now);
        TransitionResult<TStatus, TEvent> first = default;
        if (firstEvent is { } e)
        {
            // No timer can be due at the instant a session starts (every duration is longer than zero), so the
            // lifecycle is tried on a copy first: a refused first event leaves nothing behind.
            var relay = new TimerRelay<TStatus>(this, -1);
            first = adapter.Apply(ref state, e, now, optionsIndex, ref relay);
            if (!first.IsApplied)
            {
                return new(HostOutcome.EventRefused, key, first);
            }
        }

        int partitionIndex = _partitionIndex.TryGetValue(partition, out int p) ? p : -1;
        if (CheckOthers(adapter.StartRules, partitionIndex, self: -1, new Attempt(adapter.Name, null, false, default)) is { } refused)
        {
            return new(HostOutcome.RuleRefused, key, detail: refused);
        }

        if (firstEvent is { } ruled && CheckOthers(eventRules, partitionIndex, self: -1, new Attempt(adapter.Name, ruled, false, default)) is { } refusedEvent)
        {
            return new(HostOutcome.RuleRefused, key, detail: refusedEvent);
        }

        int slot = AllocateSlot();
        Touch(slot);
        ref Session s = ref _sessions[slot];
        s.State = adapter.Start(status, now); // attached as started; the first event then moves it like any other
        s.Key = key;
        s.StartedAtTicks = now;
        s.LastModifiedTicks = Math.Max(now, state.EnteredAtTicks);
        s.Due = -1;
        s.Sequence = _nextSequence++;
        s.Reason = null;
        s.Lifecycle = adapter.Index;
        s.OptionsIndex = optionsIndex;
        Attach(slot, partition);
        RecordChange(SessionChangeKind.Started, slot, status, status, eventName: null, timer: null, now);
        if (!first.IsApplied)
        {
            Reschedule(slot, adapter);
            RecordSession(slot);
            return new(HostOutcome.Started, key, new TransitionResult<TStatus, TEvent>(TransitionOutcome.None, status, default, status, -1));
        }

        s.State = state;
        HostResult<TKey, TStatus, TEvent> applied = AfterTransition(slot, adapter, first, firstEvent!.Value, reason, now);
        return applied.Outcome == HostOutcome.Applied ? new(HostOutcome.Started, key, first) : applied;
    }

    // Its rare paths are out of line, so that the common case runs in a small stack frame.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private HostResult<TKey, TStatus, TEvent> ApplyAt(int slot, TKey key, TEvent @event, string? reason, long now)
    {
        LifecycleAdapter<TStatus, TEvent> adapter = _lifecycles[_sessions[slot].Lifecycle];
        if (EventRulesOf(adapter, @event) is { } rules && RefusedByRule(slot, key, adapter, @event, rules, now) is { } refused)
        {
            return Refused(HostOutcome.RuleRefused, key, default, refused);
        }

        Touch(slot);
        ref Session s = ref _sessions[slot];
        var relay = new TimerRelay<TStatus>(this, slot);
        int firedBefore = _timersFired;
        TransitionResult<TStatus, TEvent> result = adapter.Apply(ref s.State, @event, now, s.OptionsIndex, ref relay);
        if (!result.IsApplied)
        {
            if (_timersFired != firedBefore)
            {
                // Timers fired before the event was refused: they happened, and are kept.
                Reschedule(slot, adapter);
                RecordSession(slot);
            }

            return Refused(HostOutcome.EventRefused, key, result, null);
        }

        return AfterTransition(slot, adapter, result, @event, reason, now);
    }

    /// <summary>
    /// Null when no requireOthersIn rule on <paramref name="event"/> refuses it; otherwise why. The rules look at the other
    /// sessions as they are now, every due timer fired (this session's too), and only at an event the lifecycle would
    /// take: one it refuses is refused whatever the other sessions are.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Refusal<TKey, TStatus, TEvent>? RefusedByRule(int slot, TKey key, LifecycleAdapter<TStatus, TEvent> adapter, TEvent @event, OthersRule<TStatus, TEvent>[] rules, long now)
    {
        FireDue(now);
        ref Session current = ref _sessions[slot];
        return adapter.Fire(current.State.Status, @event, current.OptionsIndex).IsApplied
            ? CheckOthers(rules, current.Partition, slot, new Attempt(adapter.Name, @event, true, key))
            : null;
    }

    /// <summary>What follows an applied event: the partition's counters, the reason, a merge by rule, the next deadline, the record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private HostResult<TKey, TStatus, TEvent> AfterTransition(int slot, LifecycleAdapter<TStatus, TEvent> adapter, TransitionResult<TStatus, TEvent> result, TEvent @event, string? reason, long now)
    {
        ref Session s = ref _sessions[slot];
        long at = Math.Max(now, s.State.EnteredAtTicks);
        bool moved = !EqualityComparer<TStatus>.Default.Equals(result.From, result.To);
        if (moved)
        {
            StatusChanged(ref s, result.From, result.To);
            if (reason is not null || s.Reason is not null)
            {
                s.Reason = reason; // only when it changes: a reference write costs a GC barrier
            }
        }
        else if (reason is not null)
        {
            s.Reason = reason;
        }

        if (at > s.LastModifiedTicks)
        {
            s.LastModifiedTicks = at;
        }

        if (moved && reason is not null && adapter.MergeRules.Length > 0)
        {
            return MergeOrApply(slot, adapter, result, @event, reason, at);
        }

        Reschedule(slot, adapter);
        if (_store is not null)
        {
            RecordTransition(slot, result, @event, reason, at);
        }

        return new(HostOutcome.Applied, s.Key, result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordTransition(int slot, TransitionResult<TStatus, TEvent> result, TEvent @event, string? reason, long at)
    {
        RecordChange(SessionChangeKind.Transition, slot, result.From, result.To, EnumIndex<TEvent>.Name(@event), timer: null, at, reason: reason);
        RecordSession(slot);
    }

    /// <summary>A session that moved into a status a mergeRepeatedIn rule names, for a reason: merged into the previous session, or applied.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private HostResult<TKey, TStatus, TEvent> MergeOrApply(int slot, LifecycleAdapter<TStatus, TEvent> adapter, TransitionResult<TStatus, TEvent> result, TEvent @event, string reason, long at)
    {
        ref Session s = ref _sessions[slot];
        if (MergeTarget(slot, adapter, result, reason) is { } merge)
        {
            int previous = merge.Previous;
            Touch(previous);
            ref Session p = ref _sessions[previous];
            p.LastModifiedTicks = Math.Max(p.LastModifiedTicks, at);
            TKey key = s.Key;
            TKey other = p.Key;
            RecordChange(SessionChangeKind.Merged, slot, result.From, result.To, EnumIndex<TEvent>.Name(@event), timer: null, at, related: previous, reason: reason, rule: merge.Rule.Rule.Name);
            RecordSession(previous);
            RecordDelete(slot);
            Detach(slot);
            FreeSlot(slot);
            string message = $"Session {KeyCodec<TKey>.Format(key)}: {result}; rule '{merge.Rule.Rule.Name}' of {merge.Rule.Lifecycle}: the partition's previous session {KeyCodec<TKey>.Format(other)} is {EnumIndex<TStatus>.Name(p.State.Status)} for the same reason ('{reason}'), so its last-modified time was updated and {KeyCodec<TKey>.Format(key)} was not kept.";
            return new(HostOutcome.Merged, key, result, detail: new(message, merge.Rule.Rule, hasOther: true, other));
        }

        Reschedule(slot, adapter);
        if (_store is not null)
        {
            RecordTransition(slot, result, @event, reason, at);
        }

        return new(HostOutcome.Applied, s.Key, result);
    }

    private (int Previous, StatusRule<TStatus, TEvent> Rule)? MergeTarget(int slot, LifecycleAdapter<TStatus, TEvent> adapter, TransitionResult<TStatus, TEvent> result, string reason)
    {
        int previous = _sessions[slot].Older;
        if (previous < 0)
        {
            return null;
        }

        ref Session p = ref _sessions[previous];
        foreach (StatusRule<TStatus, TEvent> rule in adapter.MergeRules)
        {
            if (rule.Statuses.Contains(result.To) && !rule.Statuses.Contains(result.From)
                && rule.Statuses.Contains(p.State.Status) && string.Equals(p.Reason, reason, StringComparison.Ordinal))
            {
                return (previous, rule);
            }
        }

        return null;
    }

    private HostResult<TKey, TStatus, TEvent> DeleteAt(int slot, TKey key, long now)
    {
        // The session is brought up to date first: a due timer (Inactive to Ended, say) decides what may be deleted.
        Touch(slot);
        ref Session s = ref _sessions[slot];
        LifecycleAdapter<TStatus, TEvent> adapter = _lifecycles[s.Lifecycle];
        var relay = new TimerRelay<TStatus>(this, slot);
        if (adapter.Advance(ref s.State, now, s.OptionsIndex, ref relay) > 0)
        {
            Reschedule(slot, adapter);
            RecordSession(slot);
        }

        TStatus status = s.State.Status;
        foreach (StatusRule<TStatus, TEvent> rule in adapter.DeleteRules)
        {
            if (!rule.Statuses.Contains(status))
            {
                string message = $"Refused by rule '{rule.Rule.Name}' of {rule.Lifecycle}: session {KeyCodec<TKey>.Format(key)} is {EnumIndex<TStatus>.Name(status)}, and only sessions in {rule.Statuses} can be deleted.";
                return new(HostOutcome.RuleRefused, key, detail: new(message, rule.Rule));
            }
        }

        RecordChange(SessionChangeKind.Deleted, slot, status, status, eventName: null, timer: null, Math.Max(now, s.State.EnteredAtTicks));
        RecordDelete(slot);
        Detach(slot);
        FreeSlot(slot);
        return new(HostOutcome.Deleted, key, new TransitionResult<TStatus, TEvent>(TransitionOutcome.None, status, default, status, -1));
    }

    void ITimerSink<TStatus>.OnTimerFired(int slot, int timerIndex, TStatus from, TStatus to, long dueAtTicks)
    {
        ref Session s = ref _sessions[slot];
        s.LastModifiedTicks = Math.Max(s.LastModifiedTicks, dueAtTicks);
        if (!EqualityComparer<TStatus>.Default.Equals(from, to))
        {
            StatusChanged(ref s, from, to);
            s.Reason = null; // a timer gives no reason
        }

        _timersFired++;
        if (_store is not null)
        {
            RecordChange(SessionChangeKind.TimerFired, slot, from, to, eventName: null, _lifecycles[s.Lifecycle].Description.Timers[timerIndex].Name, dueAtTicks);
        }

        if (_observer is not null)
        {
            ReportTimer(slot, timerIndex, from, to, dueAtTicks);
        }
    }

    private void OnDeadline(int slot, long deadlineTicks)
    {
        Touch(slot);
        ref Session s = ref _sessions[slot];
        LifecycleAdapter<TStatus, TEvent> adapter = _lifecycles[s.Lifecycle];
        s.Due = -1; // the wheel has just let it go
        var relay = new TimerRelay<TStatus>(this, slot);

        // Advance only to the deadline: a cascade's next timer is rescheduled and fires in its turn among all sessions.
        adapter.Advance(ref s.State, deadlineTicks, s.OptionsIndex, ref relay);
        Reschedule(slot, adapter);
        RecordSession(slot);
    }

    /// <summary>Fires every deadline due by <paramref name="now"/> inside the current operation; returns how many timers fired.</summary>
    private int FireDue(long now)
    {
        int before = _timersFired;
        var expiry = new Expiry(this);
        AdvanceDeadlines(now, ref expiry);
        _advancedTo = Math.Max(_advancedTo, now);
        return _timersFired - before;
    }

    /// <summary>
    /// Fires every deadline due by <paramref name="now"/>. With a store, in slices of time, each its own operation, so a
    /// long catch-up commits as it goes and a failed commit loses only its slice.
    /// </summary>
    private int AdvanceTo(long now)
    {
        if (_store is null)
        {
            return FireDue(now);
        }

        int fired = 0;
        long step = TimeSpan.TicksPerMinute;
        while (true)
        {
            long target = now - _advancedTo > step ? _advancedTo + step : now;
            long start = BeginOp();
            int firedNow;
            try
            {
                firedNow = FireDue(target);
            }
            catch
            {
                AbortOp();
                throw;
            }

            EndOp(start);
            fired += firedNow;
            if (target >= now)
            {
                return fired;
            }

            // Slices grow while they are small and shrink when they are large, so each commit stays near its limit.
            step = firedNow < _options.MaxChangesPerCommit / 4 ? Math.Min(step * 2, TimeSpan.TicksPerDay) : firedNow > _options.MaxChangesPerCommit ? Math.Max(step / 2, 1) : step;
        }
    }

    // Out of line: the wheel's code would otherwise swell the frame of every call that may move a deadline.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Reschedule(int slot, LifecycleAdapter<TStatus, TEvent> adapter)
    {
        ref Session s = ref _sessions[slot];
        long due = adapter.NextDeadlineTicks(in s.State, s.OptionsIndex);
        if (due == s.Due)
        {
            return; // unchanged (most events): no new wheel entry, no stale one
        }

        s.Due = due;
        if (due >= 0)
        {
            ScheduleDeadline(slot, due);
        }
        else
        {
            CancelDeadline(slot);
        }
    }

    // A refusal's result, built out of line so that the callers' common path stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static HostResult<TKey, TStatus, TEvent> Refused(HostOutcome outcome, TKey key, TransitionResult<TStatus, TEvent> transition, Refusal<TKey, TStatus, TEvent>? detail) =>
        new(outcome, key, transition, detail: detail);

    private static OthersRule<TStatus, TEvent>[]? EventRulesOf(LifecycleAdapter<TStatus, TEvent> adapter, TEvent @event)
    {
        int index = EnumIndex<TEvent>.Of(@event);
        return (uint)index < (uint)adapter.EventRules.Length ? adapter.EventRules[index] : null;
    }

    private struct Expiry(SessionHost<TKey, TPartition, TStatus, TEvent> host) : ITimingWheelCallback
    {
        public readonly void OnExpired(int id, long deadlineTicks) => host.OnDeadline(id, deadlineTicks);
    }
}
