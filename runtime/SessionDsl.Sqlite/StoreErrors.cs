using System.Globalization;
using Microsoft.Data.Sqlite;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Sqlite;

/// <summary>
/// The store's error messages, in one place: each names the file, says what is wrong and what was kept, so that an
/// operator can act on it without the stack trace.
/// </summary>
internal static class StoreErrors
{
    // SQLite's primary result codes (the low byte of an extended code).
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADb = 26;

    public static SessionStoreException NotADatabase(string path, Exception cause) =>
        new($"{path} is not a SessionDsl store: it is not a SQLite database ({Cause(cause)}). The file was left as it is.", cause);

    public static SessionStoreException Foreign(string path, int applicationId, IReadOnlyList<string> contents) =>
        new($"{path} is a SQLite database but not a SessionDsl store: its application_id is {Hex(applicationId)} (a SessionDsl store's is {Hex(Schema.ApplicationId)}) "
            + $"and it holds {(contents.Count == 0 ? "nothing" : string.Join(", ", contents))}. Nothing was written to it.");

    public static SessionStoreException Newer(string path, int version, string? createdBy) =>
        new($"{path} is a SessionDsl store of schema version {version}{(createdBy is null ? "" : $", created by {createdBy}")}; "
            + $"{Schema.CreatedBy} reads schema version {Schema.Version} and older. Nothing was written to it; open it with a newer SessionDsl.Sqlite.");

    public static SessionStoreException Incomplete(string path, string what) =>
        new($"{path} is marked as a SessionDsl store but is not a complete one: {what}. Nothing was written to it.");

    /// <summary>A failure while opening or reading: damage is named as such, anything else passes its cause on.</summary>
    public static SessionStoreException Reading(string path, string during, SqliteException cause) => PrimaryCode(cause) switch
    {
        SqliteNotADb or SqliteCorrupt =>
            new($"{path} is damaged: it was found malformed while {during} ({Cause(cause)}). Nothing was written to it; restore it from a copy, or try the sqlite3 shell's .recover.", cause),
        SqliteCantOpen =>
            new($"{path} could not be opened ({Cause(cause)}). Nothing was written to it.", cause),
        _ => new($"{path}: {during} failed ({Cause(cause)}). Nothing was written to it.", cause),
    };

    /// <summary>A commit that failed: the transaction was rolled back, so the store holds what it held before.</summary>
    public static SessionStoreException Commit(string path, string batch, SqliteException cause) => PrimaryCode(cause) switch
    {
        SqliteFull =>
            new($"{path}: the disk is full ({Cause(cause)}); nothing of {batch} was written and the store holds what it held before. Free some space and commit again.", cause),
        SqliteIoErr =>
            new($"{path}: an I/O error ({Cause(cause)}); nothing of {batch} was written and the store holds what it held before.", cause),
        SqliteCorrupt or SqliteNotADb =>
            new($"{path} is damaged: it was found malformed while writing {batch} ({Cause(cause)}); nothing of the batch was written.", cause),
        _ => new($"{path}: writing {batch} failed ({Cause(cause)}); nothing of it was written and the store holds what it held before.", cause),
    };

    public static SessionStoreException Gap(string path, long position, long expected) =>
        new($"{path}: the batch's change at position {position.ToString(CultureInfo.InvariantCulture)} does not follow the store's last position "
            + $"{expected.ToString(CultureInfo.InvariantCulture)}; nothing of the batch was written.");

    public static SessionStoreException AnotherWriter(string path, long expected) =>
        new($"{path}: another writer has committed to this store since it was opened here (this store expected last position {expected.ToString(CultureInfo.InvariantCulture)}); "
            + "nothing of the batch was written. Open a store file from one SqliteSessionStore at a time.");

    /// <summary>SQLite's own words and its error name, for example "SQLite: database or disk is full, SQLITE_FULL".</summary>
    private static string Cause(Exception cause) => cause switch
    {
        SqliteException sqlite => $"SQLite: {FirstSentence(sqlite)}, {CodeName(sqlite.SqliteExtendedErrorCode)}",
        _ => cause.Message,
    };

    private static string FirstSentence(SqliteException sqlite)
    {
        // Microsoft.Data.Sqlite's messages read "SQLite Error 13: 'database or disk is full'."; keep the quoted part.
        string message = sqlite.Message;
        int open = message.IndexOf('\'', StringComparison.Ordinal);
        int close = message.LastIndexOf('\'');
        return open >= 0 && close > open ? message[(open + 1)..close] : message;
    }

    private static int PrimaryCode(SqliteException cause) => cause.SqliteErrorCode & 0xFF;

    private static string CodeName(int extended)
    {
        string primary = (extended & 0xFF) switch
        {
            1 => "SQLITE_ERROR",
            3 => "SQLITE_PERM",
            5 => "SQLITE_BUSY",
            8 => "SQLITE_READONLY",
            SqliteIoErr => "SQLITE_IOERR",
            SqliteCorrupt => "SQLITE_CORRUPT",
            SqliteFull => "SQLITE_FULL",
            SqliteCantOpen => "SQLITE_CANTOPEN",
            19 => "SQLITE_CONSTRAINT",
            SqliteNotADb => "SQLITE_NOTADB",
            int other => $"SQLite error {other.ToString(CultureInfo.InvariantCulture)}",
        };
        return extended > 0xFF ? $"{primary}, extended code {extended.ToString(CultureInfo.InvariantCulture)}" : primary;
    }

    private static string Hex(int value) => "0x" + value.ToString("X8", CultureInfo.InvariantCulture);
}
