using SessionDsl.Hosting.Storage;

namespace SessionDsl.Hosting;

/// <summary>How a feed subscription reads and retries.</summary>
public sealed class FeedSubscriptionOptions
{
    /// <summary>How many changes it reads at a time, and acknowledges at once. Default 256.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>How long it waits before handing a change to a handler that threw on it again; doubled each time, up to <see cref="MaxRetryDelay"/>. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between retries. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often it looks for new changes when no commit wakes it (another process writing the store). Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// A running subscription to a host's changes feed (see the host's <c>Subscribe</c>): it reads committed changes after
/// the position it last acknowledged, hands each to its handler in order, and acknowledges them in the store.
/// Dispose it to stop it.
/// </summary>
public sealed class FeedSubscription<TKey, TPartition, TStatus, TEvent> : IAsyncDisposable
    where TKey : notnull, IEquatable<TKey>
    where TPartition : notnull, IEquatable<TPartition>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    private readonly SessionHost<TKey, TPartition, TStatus, TEvent> _host;
    private readonly ISessionStore _store;
    private readonly Func<SessionChange<TKey, TPartition, TStatus, TEvent>, CancellationToken, ValueTask> _handler;
    private readonly FeedSubscriptionOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _acknowledged;
    private long _handled;
    private int _failures;

    internal FeedSubscription(SessionHost<TKey, TPartition, TStatus, TEvent> host, ISessionStore store, string name, Func<SessionChange<TKey, TPartition, TStatus, TEvent>, CancellationToken, ValueTask> handler, FeedSubscriptionOptions options)
    {
        _host = host;
        _store = store;
        Name = name;
        _handler = handler;
        _options = options;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize, nameof(options.BatchSize));
    }

    /// <summary>The subscriber's name, under which the store keeps its acknowledged position.</summary>
    public string Name { get; }

    /// <summary>The last position acknowledged in the store.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>The last position the handler finished.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>How many times in a row the handler (or the store) failed; 0 once it succeeds again.</summary>
    public int ConsecutiveFailures => Volatile.Read(ref _failures);

    /// <summary>The last failure of the handler or of reading the store, or null; the subscription goes on and retries.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Completes when the subscription has stopped.</summary>
    public Task Completion => _loop;

    /// <summary>Stops the subscription and waits for the handler to return.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _host.Forget(this);
        _stop.Dispose();
    }

    internal void Start() => _loop = Task.Run(RunAsync);

    private async Task RunAsync()
    {
        CancellationToken stop = _stop.Token;
        long position = _store.ReadAcknowledged(Name);
        Interlocked.Exchange(ref _acknowledged, position);
        Interlocked.Exchange(ref _handled, position);
        TimeSpan delay = _options.RetryDelay;
        while (!stop.IsCancellationRequested)
        {
            Task nextCommit = _host.NextCommit;
            try
            {
                IReadOnlyList<StoredChange> changes = _store.ReadChanges(position, _options.BatchSize);
                if (changes.Count == 0)
                {
                    await Task.WhenAny(nextCommit, Task.Delay(_options.PollInterval, stop)).ConfigureAwait(false);
                    continue;
                }

                foreach (StoredChange stored in changes)
                {
                    await _handler(_host.ToChange(stored), stop).ConfigureAwait(false);
                    position = stored.Position;
                    Interlocked.Exchange(ref _handled, position);
                }

                _store.Acknowledge(Name, position);
                Interlocked.Exchange(ref _acknowledged, position);
                Volatile.Write(ref _failures, 0);
                delay = _options.RetryDelay;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The handler (or the store) failed: remember why, acknowledge what was handled, and try again from
                // the change that failed after a growing delay. At least once: never skip it.
                LastError = e;
                Interlocked.Increment(ref _failures);
                TryAcknowledge(position);
                try
                {
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
            }
        }

        TryAcknowledge(position);
    }

    private void TryAcknowledge(long position)
    {
        if (position <= Interlocked.Read(ref _acknowledged))
        {
            return;
        }

        try
        {
            _store.Acknowledge(Name, position);
            Interlocked.Exchange(ref _acknowledged, position);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LastError = e; // acknowledged later, or the changes come again: at least once
        }
    }
}
