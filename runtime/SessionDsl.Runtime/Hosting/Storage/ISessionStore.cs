namespace SessionDsl.Hosting.Storage;

/// <summary>What an opened store holds, so that a host can go on from it.</summary>
/// <param name="LastPosition">The position of the last change committed to the feed (0 for none), even if changes were since trimmed.</param>
/// <param name="LastSequence">The largest session sequence number ever committed (0 for none).</param>
/// <param name="Sessions">How many sessions the store holds.</param>
/// <param name="Description">Where the store is, for messages (for example a file path).</param>
public readonly record struct StoreHead(long LastPosition, long LastSequence, long Sessions, string Description);

/// <summary>
/// Where a session host keeps its sessions and their changes feed.
/// The host writes through <see cref="Commit"/> only, one batch at a time from one thread; the read methods may be
/// called from any thread, also while a commit runs, and see only committed data.
/// </summary>
/// <remarks>
/// A store must write each batch all or nothing: after <see cref="Commit"/> throws, the store holds what it held
/// before the call. It reports a store it cannot use (not its format, damaged, written by a newer version) from
/// <see cref="Open"/> with a <see cref="SessionStoreException"/> that says where and why.
/// </remarks>
public interface ISessionStore : IDisposable
{
    /// <summary>Opens the store, creating it when it does not exist yet, and says what it holds.</summary>
    /// <exception cref="SessionStoreException">The store cannot be used; the message says where and why.</exception>
    StoreHead Open();

    /// <summary>Every stored session, in <see cref="StoredSession.Sequence"/> order.</summary>
    IEnumerable<StoredSession> ReadSessions();

    /// <summary>Writes <paramref name="batch"/> all or nothing; returns once it is durable as the store promises.</summary>
    /// <exception cref="SessionStoreException">Nothing was written; the message says why.</exception>
    void Commit(StoreBatch batch);

    /// <summary>Up to <paramref name="max"/> committed changes after position <paramref name="afterPosition"/>, in position order.</summary>
    IReadOnlyList<StoredChange> ReadChanges(long afterPosition, int max);

    /// <summary>The last position <paramref name="subscriber"/> acknowledged, or 0 when it never did.</summary>
    long ReadAcknowledged(string subscriber);

    /// <summary>Records that <paramref name="subscriber"/> has handled every change up to <paramref name="position"/>.</summary>
    void Acknowledge(string subscriber, long position);

    /// <summary>The checkpoint named <paramref name="name"/> as last committed, or null.</summary>
    string? ReadCheckpoint(string name);
}
