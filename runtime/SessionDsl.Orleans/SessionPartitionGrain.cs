using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace SessionDsl.Orleans;

/// <summary>
/// One partition's sessions in a <see cref="SessionDsl.Hosting.SessionHost{TKey, TPartition, TStatus, TEvent}"/>: the
/// same generated lifecycles and rule code as the single-process host, with grain state as its store.
/// </summary>
/// <remarks>
/// <para>
/// A call runs the host, then writes the grain's state (sessions, outbox, request record) through the Orleans storage
/// provider, and answers only after that write: an answered change is durable. When the write fails the grain throws
/// its host away and builds it again from the state as stored, so memory never runs ahead of storage, and the call
/// fails (a retry with the same request id is safe).
/// </para>
/// <para>
/// Deadlines: a grain timer while the grain is active fires each deadline when it falls; a reminder, registered before
/// the state that needs it is written, wakes the partition when the grain is not active (deactivated, or its silo
/// died). Opening the host on activation fires everything that came due, in deadline order, each target entered at
/// its own deadline, and that is written like any change, so a timer fires once in the committed history.
/// </para>
/// </remarks>
internal sealed class SessionPartitionGrain : Grain, ISessionPartitionGrain, IRemindable
{
    internal const string ReminderName = "sessiondsl-deadline";

    private readonly IPersistentState<PartitionState> _state;
    private readonly IPartitionHostFactory _factory;
    private readonly SessionClusterOptions _options;
    private readonly ClusterFeed _feed;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionPartitionGrain> _log;
    private readonly Dictionary<string, ClusterResult> _requests = new(StringComparer.Ordinal);
    private IPartitionHost? _host;
    private GrainSessionStore? _store;
    private IGrainTimer? _timer;
    private IGrainTimer? _retry;
    private long _timerDue = -1;

    public SessionPartitionGrain(
        [PersistentState("partition", SessionClusterOptions.StorageName)] IPersistentState<PartitionState> state,
        IPartitionHostFactory factory,
        IOptions<SessionClusterOptions> options,
        ClusterFeed feed,
        TimeProvider time,
        ILogger<SessionPartitionGrain> log)
    {
        _state = state;
        _factory = factory;
        _options = options.Value;
        _feed = feed;
        _time = _options.TimeProvider ?? time;
        _log = log;
    }

    private string Partition => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        OpenHost();
        await CommitAsync().ConfigureAwait(true); // what came due while the partition slept, and an outbox left behind
        ScheduleTimer();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _retry?.Dispose();
        _host?.Dispose();
        _host = null;
        return Task.CompletedTask;
    }

    public Task<ClusterResult> Start(StartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return MutateAsync(request.RequestId, request.Key, host => host.Start(request));
    }

    public Task<ClusterResult> Apply(ApplyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return MutateAsync(request.RequestId, request.Key, host => host.Apply(request));
    }

    public Task<ClusterResult> Delete(DeleteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return MutateAsync(request.RequestId, request.Key, host => host.Delete(request));
    }

    public Task<IReadOnlyList<ClusterSession>> GetSessions() => Task.FromResult(Host.Sessions());

    public async Task<AdvanceResult> Advance()
    {
        int fired = Host.Advance();
        await CommitAsync().ConfigureAwait(true);
        ScheduleTimer();
        long next = Host.NextDeadlineTicks();
        return new AdvanceResult(fired, next < 0 ? null : new DateTimeOffset(next, TimeSpan.Zero));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        await Advance().ConfigureAwait(true);
        long next = Host.NextDeadlineTicks();
        long now = _time.GetUtcNow().UtcTicks;
        if (next < 0 && _state.State.Outbox.Count == 0)
        {
            await UnregisterReminderAsync().ConfigureAwait(true);
        }
        else if (next > now && next != _state.State.ReminderDueTicks)
        {
            // The reminder was set for a deadline that has fired or moved later (a countdown restarted): set it for
            // the next deadline itself, so that it fires on time even if the grain is deactivated before then, not
            // up to a period late on the old reminder's ticks.
            await RegisterReminderAsync(next, now).ConfigureAwait(true);
            await _state.WriteStateAsync().ConfigureAwait(true);
        }
    }

    private IPartitionHost Host => _host ?? throw new InvalidOperationException($"Partition '{Partition}' has no open host (its activation failed or is ending).");

    private void OpenHost()
    {
        _store = new GrainSessionStore(_state.State, Partition);
        _host = _factory.Open(Partition, _store, _time);
        _requests.Clear();
        foreach (RequestRecord record in _state.State.Requests)
        {
            _requests[record.RequestId] = record.Result;
        }
    }

    private async Task<ClusterResult> MutateAsync(string requestId, string key, Func<IPartitionHost, ClusterResult> operation)
    {
        if (string.IsNullOrEmpty(requestId))
        {
            return new ClusterResult(PartitionHost<DayOfWeek, DayOfWeek>.InvalidRequest, key, null, null, 0, "A request needs a request id (the same on every retry), so that a retry is never applied twice.", Replayed: false);
        }

        if (_requests.TryGetValue(requestId, out ClusterResult? earlier))
        {
            return earlier with { Replayed = true };
        }

        ClusterResult result = operation(Host);
        if (result.Position > 0)
        {
            // It changed something: a retry must get this answer, not a second application.
            Remember(requestId, result);
        }

        await CommitAsync().ConfigureAwait(true);
        ScheduleTimer();
        return result;
    }

    private void Remember(string requestId, ClusterResult result)
    {
        List<RequestRecord> requests = _state.State.Requests;
        requests.Add(new RequestRecord(requestId, result));
        _requests[requestId] = result;
        int excess = requests.Count - _options.RequestsKept;
        if (excess > 0)
        {
            foreach (RequestRecord old in requests.Take(excess))
            {
                _requests.Remove(old.RequestId);
            }

            requests.RemoveRange(0, excess);
        }

        _store!.MarkDirty();
    }

    /// <summary>Writes what the host committed (with its reminder first), then publishes the outbox.</summary>
    private async Task CommitAsync()
    {
        GrainSessionStore store = _store!;
        if (store.IsDirty)
        {
            long now = _time.GetUtcNow().UtcTicks;
            long next = Host.NextDeadlineTicks();
            PartitionState state = _state.State;
            try
            {
                if (next >= 0 && (state.ReminderDueTicks < 0 || state.ReminderDueTicks > next))
                {
                    await RegisterReminderAsync(next, now).ConfigureAwait(true);
                }

                if (state.Outbox.Count > 0)
                {
                    await _feed.MarkPendingAsync(Partition, _time.GetUtcNow()).ConfigureAwait(true);
                }

                await _state.WriteStateAsync().ConfigureAwait(true);
                store.MarkWritten();
            }
            catch (Exception e)
            {
                await RebuildAsync(e).ConfigureAwait(true);
                throw new SessionClusterException($"Partition '{Partition}': the change could not be stored ({e.GetType().Name}: {e.Message}); nothing of it was kept, and a retry with the same request id is safe.", e);
            }

            if (next < 0 && state.ReminderDueTicks >= 0 && state.Outbox.Count == 0)
            {
                await UnregisterReminderAsync().ConfigureAwait(true);
            }
        }

        await PublishAsync().ConfigureAwait(true);
    }

    private async Task PublishAsync()
    {
        List<ChangeRecord> outbox = _state.State.Outbox;
        if (outbox.Count == 0)
        {
            return;
        }

        try
        {
            await _feed.PublishAsync(Partition, outbox, outboxEmptied: true).ConfigureAwait(true);
            outbox.Clear(); // in memory; the next write stores it empty, and a republish of what it held adds nothing
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The changes are durable in the state; the feed gets them at the next call, deadline or sweep.
            _log.LogWarning(e, "Partition {Partition}: {Count} changes could not be published to the cluster's feed yet", Partition, outbox.Count);
        }
    }

    private async Task RebuildAsync(Exception cause)
    {
        _log.LogWarning(cause, "Partition {Partition}: a state write failed; rebuilding the partition from its stored state", Partition);
        _host?.Dispose();
        _host = null;
        try
        {
            await _state.ReadStateAsync().ConfigureAwait(true);
            OpenHost();

            // Opening the host on the stored state fires what came due meanwhile: changes in memory that no call may
            // be about to store. Store them (and publish them) shortly, whether or not a call or a deadline comes.
            ScheduleRetry();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.LogError(e, "Partition {Partition}: its stored state could not be read again; the activation ends", Partition);
            DeactivateOnIdle();
        }
    }

    private async Task RegisterReminderAsync(long dueTicks, long nowTicks)
    {
        TimeSpan dueIn = TimeSpan.FromTicks(Math.Max(0, dueTicks - nowTicks));
        await this.RegisterOrUpdateReminder(ReminderName, dueIn, _options.ReminderPeriod).ConfigureAwait(true);
        _state.State.ReminderDueTicks = dueTicks;
    }

    private async Task UnregisterReminderAsync()
    {
        if (await this.GetReminder(ReminderName).ConfigureAwait(true) is { } reminder)
        {
            await this.UnregisterReminder(reminder).ConfigureAwait(true);
        }

        _state.State.ReminderDueTicks = -1;
    }

    private void ScheduleRetry()
    {
        _retry?.Dispose();
        _retry = this.RegisterGrainTimer(OnRetryAsync, new GrainTimerCreationOptions { DueTime = TimeSpan.FromSeconds(1), Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
    }

    private async Task OnRetryAsync(CancellationToken cancellationToken)
    {
        _retry?.Dispose();
        _retry = null;
        try
        {
            await CommitAsync().ConfigureAwait(true); // a failure rebuilds the host again, which schedules another retry
            ScheduleTimer();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.LogWarning(e, "Partition {Partition}: storing its changes after a rebuild failed; trying again", Partition);
        }
    }

    private void ScheduleTimer()
    {
        long next = _host?.NextDeadlineTicks() ?? -1;
        if (next == _timerDue)
        {
            return;
        }

        _timer?.Dispose();
        _timer = null;
        _timerDue = next;
        if (next < 0)
        {
            return;
        }

        TimeSpan dueIn = TimeSpan.FromTicks(Math.Max(0, next - _time.GetUtcNow().UtcTicks));
        _timer = this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions { DueTime = dueIn, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = false });
    }

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        _timerDue = -1;
        try
        {
            await Advance().ConfigureAwait(true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The reminder is the backstop; the next call, tick or activation tries again.
            _log.LogWarning(e, "Partition {Partition}: firing its deadlines failed", Partition);
        }
    }
}

/// <summary>A partition could not do what was asked (its state could not be stored); nothing of the request was kept.</summary>
[GenerateSerializer, Alias("SessionDsl.SessionClusterException")]
public sealed class SessionClusterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionClusterException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
