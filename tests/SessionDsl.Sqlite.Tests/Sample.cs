using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Sqlite.Tests;

/// <summary>Sessions and changes as a host of the messaging lifecycles would store them.</summary>
internal static class Sample
{
    public static readonly long Day = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    public static StoredSession Session(long sequence, StoreKey key, StoreKey? partition = null, string status = "Waiting") => new()
    {
        Sequence = sequence,
        Key = key,
        Partition = partition ?? StoreKey.FromInteger(1000 + sequence),
        Lifecycle = "EnhancedCustomerInitiated",
        Status = status,
        EnteredAtTicks = Day + (sequence * TimeSpan.TicksPerMinute),
        Options = "inactivityTimeout=10m",
        StartedAtTicks = Day + (sequence * TimeSpan.TicksPerMinute),
        LastModifiedTicks = Day + (sequence * TimeSpan.TicksPerMinute),
    };

    public static StoredSession Session(long sequence) => Session(sequence, StoreKey.FromInteger(sequence));

    public static StoredChange Started(long position, StoredSession session) => new()
    {
        Position = position,
        AtTicks = session.StartedAtTicks,
        Kind = SessionChangeKind.Started,
        Key = session.Key,
        Partition = session.Partition,
        Lifecycle = session.Lifecycle,
        From = session.Status,
        To = session.Status,
    };

    /// <summary>A batch that starts <paramref name="count"/> sessions from sequence and position <paramref name="first"/>.</summary>
    public static StoreBatch Starts(long first, int count)
    {
        var batch = new StoreBatch();
        for (long i = first; i < first + count; i++)
        {
            StoredSession session = Session(i);
            batch.Sessions.Add(new SessionWrite(session, Delete: false));
            batch.Changes.Add(Started(i, session));
        }

        return batch;
    }
}
