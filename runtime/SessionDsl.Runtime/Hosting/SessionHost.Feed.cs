using SessionDsl.Hosting.Storage;

namespace SessionDsl.Hosting;

// The changes feed: what the store committed, read back by position and typed. Subscriptions read it on their own
// tasks, after the commit, so a subscriber can neither slow a call down, nor see a change that was not committed,
// nor break the host by throwing.
public sealed partial class SessionHost<TKey, TPartition, TStatus, TEvent>
{
    private readonly List<FeedSubscription<TKey, TPartition, TStatus, TEvent>> _subscriptions = [];

    /// <summary>Up to <paramref name="max"/> committed changes after position <paramref name="afterPosition"/>, in position order.</summary>
    /// <exception cref="InvalidOperationException">The host has no store, so no feed.</exception>
    public IReadOnlyList<SessionChange<TKey, TPartition, TStatus, TEvent>> ReadChanges(long afterPosition, int max = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ISessionStore store = FeedStore();
        IReadOnlyList<StoredChange> stored = store.ReadChanges(afterPosition, max);
        var changes = new SessionChange<TKey, TPartition, TStatus, TEvent>[stored.Count];
        for (int i = 0; i < changes.Length; i++)
        {
            changes[i] = ToChange(stored[i]);
        }

        return changes;
    }

    /// <summary>
    /// Delivers every committed change to <paramref name="handler"/>, in position order, starting after the last position
    /// <paramref name="name"/> acknowledged (kept in the store), and acknowledges as it goes: at least once, so a
    /// handler that is stopped part-way sees a change again, and de-duplicates by position. A handler that throws is
    /// retried with the same change after a delay (<see cref="FeedSubscription{TKey, TPartition, TStatus, TEvent}.LastError"/>
    /// says why); nothing it throws reaches the host.
    /// </summary>
    /// <exception cref="InvalidOperationException">The host has no store, so no feed.</exception>
    public FeedSubscription<TKey, TPartition, TStatus, TEvent> Subscribe(string name, Func<SessionChange<TKey, TPartition, TStatus, TEvent>, CancellationToken, ValueTask> handler, FeedSubscriptionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        ISessionStore store = FeedStore();
        lock (_gate)
        {
            ThrowIfNotOpen();
            if (_subscriptions.Any(s => s.Name == name && !s.Completion.IsCompleted))
            {
                throw new InvalidOperationException($"A subscription named '{name}' is already running on this host; two would acknowledge over each other.");
            }

            var subscription = new FeedSubscription<TKey, TPartition, TStatus, TEvent>(this, store, name, handler, options ?? new FeedSubscriptionOptions());
            _subscriptions.Add(subscription);
            subscription.Start();
            return subscription;
        }
    }

    /// <summary>The last position <paramref name="subscriber"/> acknowledged (0: never).</summary>
    public long ReadAcknowledged(string subscriber) => FeedStore().ReadAcknowledged(subscriber);

    /// <summary>Records that <paramref name="subscriber"/> handled every change up to <paramref name="position"/>, for a consumer that reads with <see cref="ReadChanges"/>.</summary>
    public void Acknowledge(string subscriber, long position)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriber);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        FeedStore().Acknowledge(subscriber, position);
    }

    internal SessionChange<TKey, TPartition, TStatus, TEvent> ToChange(in StoredChange stored)
    {
        if (!KeyCodec<TKey>.TryFromStore(stored.Key, out TKey key) || !KeyCodec<TPartition>.TryFromStore(stored.Partition, out TPartition partition))
        {
            throw new SessionStoreException($"{StoreName}: change {stored.Position} is for key {stored.Key} in partition {stored.Partition}, which are not a {typeof(TKey).Name} and a {typeof(TPartition).Name}; is the store another application's?");
        }

        TKey? other = default;
        if (stored.Related is { } related && !KeyCodec<TKey>.TryFromStore(related, out other))
        {
            throw new SessionStoreException($"{StoreName}: change {stored.Position} names session {related}, which is not a {typeof(TKey).Name}.");
        }

        string lifecycle = _options.Migration.Lifecycle(stored.Lifecycle);
        return new SessionChange<TKey, TPartition, TStatus, TEvent>(
            stored.Position,
            stored.Kind,
            key,
            partition,
            lifecycle,
            StatusOf(lifecycle, stored.From),
            StatusOf(lifecycle, stored.To),
            EnumIndex<TEvent>.TryParse(stored.Event, out TEvent e) ? e : null,
            stored.Timer,
            new DateTimeOffset(stored.AtTicks, TimeSpan.Zero),
            other,
            stored.Reason,
            stored.Rule);
    }

    private TStatus? StatusOf(string lifecycle, string? name) =>
        name is not null && EnumIndex<TStatus>.TryParse(_options.Migration.Status(lifecycle, name), out TStatus status) ? status : null;

    private ISessionStore FeedStore() =>
        _store ?? throw new InvalidOperationException("The changes feed is kept in the store, and this host has none; give it one (SessionHostOptions.Store; InMemorySessionStore keeps it in memory).");

    internal void Forget(FeedSubscription<TKey, TPartition, TStatus, TEvent> subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }
}
