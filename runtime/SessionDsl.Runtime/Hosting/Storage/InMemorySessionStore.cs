namespace SessionDsl.Hosting.Storage;

/// <summary>
/// A store that keeps everything in memory: what a host needs to survive being closed and opened again within one
/// process (tests, a host that only wants the changes feed), and the reference for what a store must do. Nothing
/// survives the process. Thread-safe.
/// </summary>
public sealed class InMemorySessionStore : ISessionStore
{
    private readonly object _gate = new();
    private readonly Dictionary<StoreKey, StoredSession> _sessions = [];
    private readonly List<StoredChange> _changes = [];
    private readonly Dictionary<string, long> _acknowledged = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _checkpoints = new(StringComparer.Ordinal);
    private long _lastPosition;
    private long _lastSequence;

    /// <summary>How many commits have been written.</summary>
    public int Commits { get; private set; }

    /// <inheritdoc />
    public StoreHead Open()
    {
        lock (_gate)
        {
            return new StoreHead(_lastPosition, _lastSequence, _sessions.Count, "in-memory store");
        }
    }

    /// <inheritdoc />
    public IEnumerable<StoredSession> ReadSessions()
    {
        lock (_gate)
        {
            return [.. _sessions.Values.OrderBy(s => s.Sequence)];
        }
    }

    /// <inheritdoc />
    public void Commit(StoreBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {

            // Check first, so that a bad batch changes nothing.
            long expected = _lastPosition;
            foreach (StoredChange change in batch.Changes)
            {
                if (change.Position != ++expected)
                {
                    throw new SessionStoreException($"in-memory store: change at position {change.Position} does not follow position {expected - 1}; nothing was written.");
                }
            }

            foreach (SessionWrite write in batch.Sessions)
            {
                if (write.Delete)
                {
                    _sessions.Remove(write.Session.Key);
                }
                else
                {
                    _sessions[write.Session.Key] = write.Session;
                    _lastSequence = Math.Max(_lastSequence, write.Session.Sequence);
                }
            }

            _changes.AddRange(batch.Changes);
            _lastPosition = expected;
            foreach (KeyValuePair<string, string> checkpoint in batch.Checkpoints)
            {
                _checkpoints[checkpoint.Key] = checkpoint.Value;
            }

            Commits++;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredChange> ReadChanges(long afterPosition, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        lock (_gate)
        {
            if (_changes.Count == 0)
            {
                return [];
            }

            // Positions are dense from the first kept change.
            long first = _changes[0].Position;
            int start = (int)Math.Clamp(afterPosition + 1 - first, 0, _changes.Count);
            return _changes.GetRange(start, Math.Min(max, _changes.Count - start));
        }
    }

    /// <inheritdoc />
    public long ReadAcknowledged(string subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate)
        {
            return _acknowledged.GetValueOrDefault(subscriber);
        }
    }

    /// <inheritdoc />
    public void Acknowledge(string subscriber, long position)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate)
        {
            _acknowledged[subscriber] = Math.Max(position, _acknowledged.GetValueOrDefault(subscriber));
        }
    }

    /// <inheritdoc />
    public string? ReadCheckpoint(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return _checkpoints.GetValueOrDefault(name);
        }
    }

    /// <summary>Does nothing: the contents outlive the host that disposes the store, so that another host can open it again, as it would a file.</summary>
    public void Dispose()
    {
    }
}
