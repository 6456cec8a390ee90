using Microsoft.Data.Sqlite;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using Xunit;

namespace SessionDsl.Sqlite.Tests;

/// <summary>What a person reading a store with the sqlite3 shell sees: the views' names and times.</summary>
public sealed class SqliteViewTests : IDisposable
{
    private static readonly long At = new DateTime(2025, 3, 1, 10, 15, 30, 123, DateTimeKind.Utc).Ticks;

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_sessions_view_shows_names_and_UTC_times()
    {
        string path = _folder.File("store.db");
        StoredSession session = Sample.Session(1, StoreKey.FromText("session-1"), StoreKey.FromInteger(42), "Active") with
        {
            EnteredAtTicks = At,
            StartedAtTicks = At - TimeSpan.TicksPerHour,
            Reason = "rep accepted",
            Countdown1 = new StoredCountdown("CustomerInactivityCountdown", At + TimeSpan.TicksPerMinute),
        };
        Commit(path, batch => batch.Sessions.Add(new SessionWrite(session, false)));

        List<object?[]> rows = Query(path, "SELECT key, partition_key, lifecycle, status, entered_at, options, started_at, reason, countdown0, countdown0_at, countdown1, countdown1_at FROM sessions_view");

        object?[] row = Assert.Single(rows);
        Assert.Equal<object?>(
            ["session-1", 42L, "EnhancedCustomerInitiated", "Active", "2025-03-01T10:15:30.123Z", "inactivityTimeout=10m", "2025-03-01T09:15:30.123Z",
             "rep accepted", null, null, "CustomerInactivityCountdown", "2025-03-01T10:16:30.123Z"],
            row);
    }

    [Fact]
    public void The_changes_view_shows_the_kind_by_name()
    {
        string path = _folder.File("store.db");
        StoredChange fired = new()
        {
            Position = 1, AtTicks = At, Kind = SessionChangeKind.TimerFired, Key = StoreKey.FromInteger(7), Partition = StoreKey.FromText("user-7"),
            Lifecycle = "EnhancedCustomerInitiated", From = "Active", To = "Inactive", Timer = "CustomerInactivityCountdown",
        };
        StoredChange merged = fired with { Position = 2, Kind = SessionChangeKind.Merged, Timer = null, Event = "RecordFailure", Related = StoreKey.FromInteger(3), Rule = "mergeRepeatedIn", Reason = "cause 7" };
        Commit(path, batch => batch.Changes.AddRange([fired, merged]));

        List<object?[]> rows = Query(path, "SELECT position, at, kind, key, partition_key, lifecycle, from_status, to_status, event, timer, related, reason, rule FROM changes_view");

        Assert.Equal<object?>([1L, "2025-03-01T10:15:30.123Z", "TimerFired", 7L, "user-7", "EnhancedCustomerInitiated", "Active", "Inactive", null, "CustomerInactivityCountdown", null, null, null], rows[0]);
        Assert.Equal<object?>([2L, "2025-03-01T10:15:30.123Z", "Merged", 7L, "user-7", "EnhancedCustomerInitiated", "Active", "Inactive", "RecordFailure", null, 3L, "cause 7", "mergeRepeatedIn"], rows[1]);
    }

    [Fact]
    public void Every_change_kind_has_its_name_in_the_view()
    {
        string path = _folder.File("store.db");
        SessionChangeKind[] kinds = Enum.GetValues<SessionChangeKind>();
        Commit(path, batch => batch.Changes.AddRange(kinds.Select((kind, i) => Sample.Started(i + 1, Sample.Session(1)) with { Kind = kind })));

        Assert.Equal(kinds.Select(k => (object?)k.ToString()), Query(path, "SELECT kind FROM changes_view").Select(row => row[0]));
    }

    [Fact]
    public void Change_kinds_keep_the_numbers_stores_hold()
    {
        // Stored changes hold these numbers: renumbering SessionChangeKind would change the meaning of every store.
        Assert.Equal(
            [(0, "Started"), (1, "Transition"), (2, "TimerFired"), (3, "Merged"), (4, "Deleted")],
            Enum.GetValues<SessionChangeKind>().Select(k => ((int)k, k.ToString())));
    }

    [Fact]
    public void The_file_says_it_is_a_SessionDsl_store_of_schema_version_1()
    {
        string path = _folder.File("store.db");
        Commit(path, _ => { });

        Assert.Equal<object?>([0x5344534CL, 1L], Query(path, "SELECT * FROM pragma_application_id, pragma_user_version").Single());
        Dictionary<string, object?> meta = Query(path, "SELECT name, value FROM meta").ToDictionary(row => (string)row[0]!, row => row[1]);
        Assert.Equal(1L, meta["schema_version"]);
        Assert.StartsWith("SessionDsl.Sqlite ", (string?)meta["created_by"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string?)meta["created_at"]);
        Assert.Equal("wal", Query(path, "PRAGMA journal_mode").Single()[0]);
    }

    private static void Commit(string path, Action<StoreBatch> fill)
    {
        using var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path });
        store.Open();
        var batch = new StoreBatch();
        fill(batch);
        store.Commit(batch);
    }

    private static List<object?[]> Query(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            object?[] row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
