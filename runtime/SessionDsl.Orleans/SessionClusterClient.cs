using Orleans;
using Orleans.Runtime;

namespace SessionDsl.Orleans;

/// <summary>
/// The application's side of a SessionDsl cluster, typed by the shared status and event enums: each call goes to the
/// grain of the session's partition. A call that fails in transit (a silo died, a message was rejected or timed out,
/// a state write failed) is retried with the same request id until <see cref="RetryFor"/> has passed, so it is applied
/// once or not at all: a retry of a request that was applied is answered from the partition's record of it
/// (<see cref="ClusterResult.Replayed"/>).
/// </summary>
/// <typeparam name="TStatus">The shared status enum.</typeparam>
/// <typeparam name="TEvent">The shared event enum.</typeparam>
public sealed class SessionClusterClient<TStatus, TEvent>(IGrainFactory grains)
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    private long _retries;

    /// <summary>How long a call is retried through failures before its last failure is thrown.</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times calls were retried since the client was created.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>
    /// Starts session <paramref name="key"/> of <typeparamref name="TLifecycle"/> in <paramref name="partition"/> with
    /// <paramref name="options"/>, in <paramref name="initial"/> (null: the default), applying <paramref name="firstEvent"/>
    /// (with <paramref name="reason"/>) as part of the start when given; <paramref name="requestId"/> is the request's id,
    /// the same on every retry (null: a new one). <paramref name="cancellationToken"/> stops the retries.
    /// </summary>
    public Task<ClusterResult> StartAsync<TLifecycle, TOptions>(string partition, string key, TOptions options, TStatus? initial = null, TEvent? firstEvent = null, string? reason = null, string? requestId = null, CancellationToken cancellationToken = default)
        where TLifecycle : struct, ILifecycle<TStatus, TEvent, TOptions>
        where TOptions : struct
    {
        var request = new StartRequest(requestId ?? NewId(), key, TLifecycle.Description.Name, TLifecycle.FormatOptions(in options), initial?.ToString(), firstEvent?.ToString(), reason);
        return CallAsync(partition, grain => grain.Start(request), cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="event"/> (with <paramref name="reason"/>) to session <paramref name="key"/> of
    /// <paramref name="partition"/>; <paramref name="requestId"/> is the request's id, the same on every retry (null: a
    /// new one). <paramref name="cancellationToken"/> stops the retries.
    /// </summary>
    public Task<ClusterResult> ApplyAsync(string partition, string key, TEvent @event, string? reason = null, string? requestId = null, CancellationToken cancellationToken = default)
    {
        var request = new ApplyRequest(requestId ?? NewId(), key, @event.ToString(), reason);
        return CallAsync(partition, grain => grain.Apply(request), cancellationToken);
    }

    /// <summary>Deletes session <paramref name="key"/> of <paramref name="partition"/>.</summary>
    public Task<ClusterResult> DeleteAsync(string partition, string key, string? requestId = null, CancellationToken cancellationToken = default)
    {
        var request = new DeleteRequest(requestId ?? NewId(), key);
        return CallAsync(partition, grain => grain.Delete(request), cancellationToken);
    }

    /// <summary>The sessions of <paramref name="partition"/>, oldest first.</summary>
    public Task<IReadOnlyList<ClusterSession>> GetPartitionAsync(string partition, CancellationToken cancellationToken = default) =>
        CallAsync(partition, grain => grain.GetSessions(), cancellationToken);

    /// <summary>The status of session <paramref name="key"/> of <paramref name="partition"/>, or null when it has none.</summary>
    public async Task<TStatus?> GetStatusAsync(string partition, string key, CancellationToken cancellationToken = default)
    {
        foreach (ClusterSession session in await GetPartitionAsync(partition, cancellationToken).ConfigureAwait(false))
        {
            if (session.Key == key)
            {
                return Enum.Parse<TStatus>(session.Status);
            }
        }

        return null;
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private async Task<T> CallAsync<T>(string partition, Func<ISessionPartitionGrain, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(partition);
        DateTime giveUpAt = DateTime.UtcNow + RetryFor;
        TimeSpan pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await call(grains.GetGrain<ISessionPartitionGrain>(partition)).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e) && DateTime.UtcNow < giveUpAt && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromMilliseconds(Math.Min(1000, pause.TotalMilliseconds * 2));
            }
        }
    }

    // A failure in transit or in storage: the request was applied and stored, or not at all, so it is safe to send again.
    private static bool IsTransient(Exception e) =>
        e is OrleansException or TimeoutException or SessionClusterException or OperationCanceledException { CancellationToken.IsCancellationRequested: false };
}
