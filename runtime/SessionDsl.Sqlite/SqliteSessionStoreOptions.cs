namespace SessionDsl.Sqlite;

/// <summary>Where a <see cref="SqliteSessionStore"/> keeps its file and how durable its commits are.</summary>
public sealed class SqliteSessionStoreOptions
{
    /// <summary>The store's file. Its folder is created if missing; the file is created by <see cref="SqliteSessionStore.Open"/> if missing.</summary>
    public required string Path { get; init; }

    /// <summary>How hard a commit waits for the disk; <see cref="SqliteSynchronous.Full"/> unless set.</summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>How long a statement waits for a lock another connection holds before it fails; 5 seconds unless set.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
