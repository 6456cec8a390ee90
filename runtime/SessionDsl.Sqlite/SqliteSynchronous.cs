namespace SessionDsl.Sqlite;

/// <summary>How hard a <see cref="SqliteSessionStore"/> waits for the disk before a commit returns (SQLite's <c>PRAGMA synchronous</c>, in WAL mode).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// Every commit is flushed to the disk before <see cref="SqliteSessionStore.Commit"/> returns: a committed batch
    /// survives the process being killed and the machine losing power. The default.
    /// </summary>
    Full,

    /// <summary>
    /// Commits are flushed at checkpoints only: a committed batch survives the process being killed, but the last
    /// commits before a power loss or an operating-system crash may be lost (the store stays consistent). Faster.
    /// </summary>
    Normal,
}
