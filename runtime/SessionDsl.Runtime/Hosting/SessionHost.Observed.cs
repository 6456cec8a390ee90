using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace SessionDsl.Hosting;

// The observer's side (SessionHostOptions.Observer): each call, timer and commit reported as it happens. Everything
// here runs only when an observer is set, out of line, so a host without one pays a field test a call.
public sealed partial class SessionHost<TKey, TPartition, TStatus, TEvent>
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private HostResult<TKey, TStatus, TEvent> StartObserved<TOptions>(TKey key, TPartition partition, LifecycleHandle<TOptions> lifecycle, in TOptions options, TStatus? initial, TEvent? firstEvent, string? reason)
        where TOptions : struct
    {
        long started = Stopwatch.GetTimestamp();
        string? name = lifecycle.Owner == this && lifecycle.Index < _lifecycles.Count ? _lifecycles[lifecycle.Index].Name : null;
        HostResult<TKey, TStatus, TEvent> result = default;
        Exception? error = null;
        try
        {
            result = StartCore(key, partition, lifecycle, in options, initial, firstEvent, reason);
            return result;
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            // A start finds no session; with a first event, the lifecycle was asked in the initial status.
            TStatus? from = firstEvent is not null && result.Outcome is HostOutcome.Started or HostOutcome.Merged or HostOutcome.EventRefused ? result.Transition.From : null;
            ReportCall(SessionHostOptions.HostObserver.CallKind.Start, name, key, firstEvent, result, from, started, error);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private HostResult<TKey, TStatus, TEvent> ApplyObserved(TKey key, TEvent @event, string? reason)
    {
        long started = Stopwatch.GetTimestamp();
        string? name = null;
        TStatus? before = null;
        HostResult<TKey, TStatus, TEvent> result = default;
        Exception? error = null;
        try
        {
            if (!_keys.TryGetValue(key, out int slot))
            {
                result = new(HostOutcome.UnknownSession, key);
                return result;
            }

            name = _lifecycles[_sessions[slot].Lifecycle].Name;
            before = _sessions[slot].State.Status;
            result = _store is null ? ApplyAt(slot, key, @event, reason, Now()) : ApplyDurably(slot, key, @event, reason);
            return result;
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            // The lifecycle's verdict names the status it was asked in (after due timers); a rule's refusal has none.
            TStatus? from = result.Outcome is HostOutcome.Applied or HostOutcome.Merged or HostOutcome.EventRefused ? result.Transition.From : before;
            ReportCall(SessionHostOptions.HostObserver.CallKind.Apply, name, key, @event, result, from, started, error);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private HostResult<TKey, TStatus, TEvent> DeleteObserved(TKey key)
    {
        long started = Stopwatch.GetTimestamp();
        string? name = null;
        TStatus? before = null;
        HostResult<TKey, TStatus, TEvent> result = default;
        Exception? error = null;
        try
        {
            if (_keys.TryGetValue(key, out int slot))
            {
                name = _lifecycles[_sessions[slot].Lifecycle].Name;
                before = _sessions[slot].State.Status;
            }

            result = DeleteCore(key);
            return result;
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            // A deletion brings the session's due timers first: the status it was judged in is the result's.
            TStatus? from = result.Outcome is HostOutcome.Deleted ? result.Transition.From : before;
            ReportCall(SessionHostOptions.HostObserver.CallKind.Delete, name, key, null, result, from, started, error);
        }
    }

    private void ReportCall(SessionHostOptions.HostObserver.CallKind kind, string? lifecycle, TKey key, TEvent? @event, HostResult<TKey, TStatus, TEvent> result, TStatus? from, long started, Exception? error)
    {
        TStatus? to = result.Outcome is HostOutcome.Started or HostOutcome.Applied or HostOutcome.Merged ? result.Transition.To : null;
        var call = new SessionHostOptions.HostObserver.Call(
            kind,
            lifecycle,
            KeyText(key),
            @event is { } e ? EnumIndex<TEvent>.Name(e) : null,
            error is null ? result.Outcome : HostOutcome.None,
            result.Transition.Outcome,
            from is { } f ? EnumIndex<TStatus>.Name(f) : null,
            to is { } t ? EnumIndex<TStatus>.Name(t) : null,
            result.Rule?.Name,
            result.Position,
            Stopwatch.GetElapsedTime(started),
            error);
        try
        {
            _observer!.OnCall(in call);
        }
        catch (Exception)
        {
            // An observer's failure is its own: the call has happened, and its caller gets its result.
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportTimer(int slot, int timerIndex, TStatus from, TStatus to, long dueAtTicks)
    {
        ref Session s = ref _sessions[slot];
        LifecycleAdapter<TStatus, TEvent> adapter = _lifecycles[s.Lifecycle];
        var timer = new SessionHostOptions.HostObserver.TimerFired(
            adapter.Name,
            adapter.Description.Timers[timerIndex].Name,
            KeyText(s.Key),
            EnumIndex<TStatus>.Name(from),
            EnumIndex<TStatus>.Name(to),
            new DateTimeOffset(dueAtTicks, TimeSpan.Zero),
            TimeSpan.FromTicks(Math.Max(0, Now() - dueAtTicks)));
        try
        {
            _observer!.OnTimerFired(in timer);
        }
        catch (Exception)
        {
            // As for calls: the timer has fired whatever the observer does.
        }
    }

    private void ReportCommit(int changes, long lastPosition, long started, Exception? error)
    {
        if (_observer is null)
        {
            return;
        }

        var commit = new SessionHostOptions.HostObserver.Commit(_options.Durability, changes, lastPosition, Stopwatch.GetElapsedTime(started), error);
        try
        {
            _observer.OnCommit(in commit);
        }
        catch (Exception)
        {
            // As for calls: the commit is what it is whatever the observer does.
        }
    }

    private static string KeyText(TKey key) => key switch
    {
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? string.Empty,
    };
}
