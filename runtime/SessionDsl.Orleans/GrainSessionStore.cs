using SessionDsl.Hosting.Storage;

namespace SessionDsl.Orleans;

/// <summary>
/// The <see cref="ISessionStore"/> a partition's host writes to inside its grain: a commit goes into the grain's state
/// object, and the grain writes that state through its Orleans storage provider before it answers the call. If that
/// write fails, the grain throws its host away and builds a new one from the state as stored, so nothing the caller
/// was not told about survives (see <see cref="SessionPartitionGrain"/>).
/// </summary>
internal sealed class GrainSessionStore(PartitionState state, string partition) : ISessionStore
{
    /// <summary>True when a commit has changed the state since <see cref="MarkWritten"/>.</summary>
    public bool IsDirty { get; private set; }

    public StoreHead Open() => new(state.LastPosition, state.LastSequence, state.Sessions.Count, $"partition '{partition}'");

    public IEnumerable<StoredSession> ReadSessions() =>
        [.. state.Sessions.Values.OrderBy(s => s.Sequence).Select(s => s.ToStored(partition))];

    public void Commit(StoreBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        long expected = state.LastPosition;
        foreach (StoredChange change in batch.Changes)
        {
            if (change.Position != ++expected)
            {
                throw new SessionStoreException($"partition '{partition}': change at position {change.Position} does not follow position {expected - 1}; nothing was written.");
            }
        }

        foreach (SessionWrite write in batch.Sessions)
        {
            string key = write.Session.Key.ToString();
            if (write.Delete)
            {
                state.Sessions.Remove(key);
            }
            else
            {
                state.Sessions[key] = SessionRecord.Of(write.Session);
                state.LastSequence = Math.Max(state.LastSequence, write.Session.Sequence);
            }
        }

        foreach (StoredChange change in batch.Changes)
        {
            state.Outbox.Add(ChangeRecord.Of(change));
        }

        state.LastPosition = expected;
        foreach (KeyValuePair<string, string> checkpoint in batch.Checkpoints)
        {
            state.Checkpoints[checkpoint.Key] = checkpoint.Value;
        }

        IsDirty |= !batch.IsEmpty;
    }

    public void MarkDirty() => IsDirty = true;

    public void MarkWritten() => IsDirty = false;

    // The cluster's feed is a Redis stream (ClusterFeed); the host's own feed API is not used inside a grain.
    public IReadOnlyList<StoredChange> ReadChanges(long afterPosition, int max) => [];

    public long ReadAcknowledged(string subscriber) => 0;

    public void Acknowledge(string subscriber, long position) =>
        throw new NotSupportedException("A partition's grain has no per-host feed subscriptions; read the cluster's feed (ClusterFeed) instead.");

    public string? ReadCheckpoint(string name) => state.Checkpoints.GetValueOrDefault(name);

    public void Dispose()
    {
    }
}
