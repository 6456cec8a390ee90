namespace SessionDsl.Hosting.Storage;

/// <summary>A session to write (insert or replace by key) or to delete, in a <see cref="StoreBatch"/>.</summary>
/// <param name="Session">The session as it now is; for a deletion only its <see cref="StoredSession.Key"/> counts.</param>
/// <param name="Delete">True to delete the session with that key.</param>
public readonly record struct SessionWrite(StoredSession Session, bool Delete);

/// <summary>
/// What one commit writes: sessions written or deleted (in order: a later write to the same key wins), changes
/// appended to the feed (in position order, with no gap after the store's last position), and checkpoints. A store
/// writes a batch all or nothing.
/// </summary>
public sealed class StoreBatch
{
    /// <summary>Sessions written or deleted, in the order they happened.</summary>
    public List<SessionWrite> Sessions { get; } = [];

    /// <summary>Changes appended to the feed, in position order.</summary>
    public List<StoredChange> Changes { get; } = [];

    /// <summary>Named values the application keeps with its sessions (for example how far it has read an input), written in the same transaction.</summary>
    public Dictionary<string, string> Checkpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the batch writes nothing.</summary>
    public bool IsEmpty => Sessions.Count == 0 && Changes.Count == 0 && Checkpoints.Count == 0;

    /// <summary>The position of the last change in the batch, or 0 when it has none.</summary>
    public long LastPosition => Changes.Count == 0 ? 0 : Changes[^1].Position;

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        Sessions.Clear();
        Changes.Clear();
        Checkpoints.Clear();
    }
}
