using Microsoft.Data.Sqlite;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using SessionDsl.Messaging;
using SessionDsl.Sqlite;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Benchmarks.Durable;

/// <summary>
/// Stores for the durable benchmarks: SQLite files of Active EnhancedCustomerInitiated sessions with their inactivity
/// countdown running, written fast with the plain loop, in a temporary folder deleted afterwards; and hosts opened on them.
/// </summary>
internal sealed class DurableFixture : IDisposable
{
    /// <summary>The sessions' time; hosts run one minute later, so no countdown (10 minutes) comes due.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly EnhancedCustomerInitiated.Options Options = new() { InactivityTimeout = TimeSpan.FromMinutes(10) };

    private readonly string _folder = Directory.CreateTempSubdirectory("sessiondsl-bench-").FullName;
    private int _files;

    /// <summary>A new store of <paramref name="sessions"/> Active sessions (keys and partitions 0, 1, 2, ...), each with its Started entry.</summary>
    public string NewStore(int sessions)
    {
        string path = Path.Combine(_folder, $"store-{_files++}.db");
        RawSqlite.Write(path, Rows(sessions), batchSize: 10_000, SqliteSynchronous.Normal);
        return path;
    }

    /// <summary>A host on <paramref name="store"/>, its four lifecycles registered and the store opened (restored).</summary>
    public static SessionHost<long, long, S, E> OpenHost(ISessionStore store, Durability durability)
    {
        var host = new SessionHost<long, long, S, E>(new SessionHostOptions
        {
            TimeProvider = new FixedClock(Start.AddMinutes(1)),
            Store = store,
            Durability = durability,
        });
        host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>();
        host.Register<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>();
        host.Register<StandardCustomerInitiated, StandardCustomerInitiated.Options>();
        host.Register<StandardBusinessInitiated, StandardBusinessInitiated.Options>();
        host.Open();
        return host;
    }

    /// <summary>The rows a host writes for <paramref name="apply"/> on a store of <paramref name="sessions"/> sessions: one session row and one feed entry per event.</summary>
    public static List<(StoredSession Session, StoredChange Change)> RecordEvents(int sessions, int events, long[] keys, Func<SessionHost<long, long, S, E>, long[], long> apply)
    {
        var memory = new InMemorySessionStore();
        var initial = new StoreBatch();
        foreach ((StoredSession session, StoredChange change) in Rows(sessions))
        {
            initial.Sessions.Add(new SessionWrite(session, Delete: false));
            initial.Changes.Add(change);
        }

        memory.Commit(initial);
        var recorder = new RecordingStore(memory);
        using (SessionHost<long, long, S, E> host = OpenHost(recorder, Durability.PerCall))
        {
            apply(host, keys);
        }

        return recorder.Rows.Count == events
            ? recorder.Rows
            : throw new InvalidOperationException($"The host wrote {recorder.Rows.Count} rows for {events} events.");
    }

    /// <summary>The file's size once its write-ahead log is folded in.</summary>
    public static long FileBytes(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        RawSqlite.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        return new FileInfo(path).Length;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static List<(StoredSession, StoredChange)> Rows(int sessions)
    {
        long at = Start.UtcTicks;
        string options = EnhancedCustomerInitiated.FormatOptions(in Options);
        string countdown = EnhancedCustomerInitiated.Description.Timers.Single(t => t.CountdownSlot == 0).Name;
        var rows = new List<(StoredSession, StoredChange)>(sessions);
        for (int i = 0; i < sessions; i++)
        {
            StoreKey key = StoreKey.FromInteger(i);
            rows.Add((
                new StoredSession
                {
                    Key = key,
                    Partition = key,
                    Lifecycle = EnhancedCustomerInitiated.Name,
                    Status = nameof(S.Active),
                    EnteredAtTicks = at,
                    Options = options,
                    StartedAtTicks = at,
                    LastModifiedTicks = at,
                    Sequence = i + 1,
                    Countdown0 = new StoredCountdown(countdown, at),
                },
                new StoredChange
                {
                    Position = i + 1,
                    AtTicks = at,
                    Kind = SessionChangeKind.Started,
                    Key = key,
                    Partition = key,
                    Lifecycle = EnhancedCustomerInitiated.Name,
                    From = nameof(S.Active),
                    To = nameof(S.Active),
                }));
        }

        return rows;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Passes commits through, keeping each event's session row and feed entry.</summary>
    private sealed class RecordingStore(ISessionStore inner) : ISessionStore
    {
        public List<(StoredSession Session, StoredChange Change)> Rows { get; } = [];

        public StoreHead Open() => inner.Open();

        public IEnumerable<StoredSession> ReadSessions() => inner.ReadSessions();

        public void Commit(StoreBatch batch)
        {
            if (batch.Sessions.Count != batch.Changes.Count)
            {
                throw new InvalidOperationException("Expected one session row per feed entry.");
            }

            for (int i = 0; i < batch.Changes.Count; i++)
            {
                Rows.Add((batch.Sessions[i].Session, batch.Changes[i]));
            }

            inner.Commit(batch);
        }

        public IReadOnlyList<StoredChange> ReadChanges(long afterPosition, int max) => inner.ReadChanges(afterPosition, max);

        public long ReadAcknowledged(string subscriber) => inner.ReadAcknowledged(subscriber);

        public void Acknowledge(string subscriber, long position) => inner.Acknowledge(subscriber, position);

        public string? ReadCheckpoint(string name) => inner.ReadCheckpoint(name);

        public void Dispose() => inner.Dispose();
    }
}

/// <summary>
/// The plain loop for events: for each recorded (session row, feed entry), an UPDATE of the session's row by its
/// sequence and an INSERT of the entry, with the meta table's last position set once a transaction, on one connection
/// with prepared statements, as a hand-written application would.
/// </summary>
internal sealed class RawEventWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _meta;
    private readonly SqliteCommand _insertName;
    private readonly Dictionary<string, long> _names = new(StringComparer.Ordinal);
    private readonly List<(StoredSession Session, StoredChange Change)> _rows;
    private long _position;

    public RawEventWriter(string path, List<(StoredSession Session, StoredChange Change)> rows, SqliteSynchronous synchronous)
    {
        _rows = rows;
        _connection = RawSqlite.OpenWriter(path, synchronous);
        using (SqliteCommand read = _connection.CreateCommand())
        {
            read.CommandText = "SELECT id, name FROM names";
            using SqliteDataReader names = read.ExecuteReader();
            while (names.Read())
            {
                _names[names.GetString(1)] = names.GetInt64(0);
            }
        }

        using (SqliteCommand last = _connection.CreateCommand())
        {
            last.CommandText = "SELECT max(position) FROM changes";
            _position = (long)last.ExecuteScalar()!;
        }

        _begin = RawSqlite.Prepare(_connection, "BEGIN IMMEDIATE", 0);
        _commit = RawSqlite.Prepare(_connection, "COMMIT", 0);
        _update = RawSqlite.Prepare(_connection, "UPDATE sessions SET partition_key = $p1, lifecycle = $p2, status = $p3, entered_at = $p4, options = $p5, started_at = $p6, last_modified = $p7, reason = $p8, countdown0_timer = $p9, countdown0_at = $p10, countdown1_timer = $p11, countdown1_at = $p12, countdown2_timer = $p13, countdown2_at = $p14, countdown3_timer = $p15, countdown3_at = $p16 WHERE sequence = $p0", 17);
        _insert = RawSqlite.Prepare(_connection, "INSERT INTO changes(position, at, kind, key, partition_key, lifecycle, from_status, to_status, event, timer, related, reason, rule) VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12)", 13);
        _meta = RawSqlite.Prepare(_connection, "UPDATE meta SET value = $p1 WHERE name = $p0", 2);
        _insertName = RawSqlite.Prepare(_connection, "INSERT INTO names(id, name) VALUES($p0, $p1)", 2);
    }

    public void Write(int perTransaction)
    {
        for (int start = 0; start < _rows.Count; start += perTransaction)
        {
            int end = Math.Min(_rows.Count, start + perTransaction);
            _begin.ExecuteNonQuery();
            for (int i = start; i < end; i++)
            {
                (StoredSession s, StoredChange c) = _rows[i];
                SqliteParameterCollection p = _update.Parameters;
                p[0].Value = s.Sequence;
                p[1].Value = RawSqlite.Key(s.Partition);
                p[2].Value = Name(s.Lifecycle);
                p[3].Value = Name(s.Status);
                p[4].Value = s.EnteredAtTicks;
                p[5].Value = Name(s.Options);
                p[6].Value = s.StartedAtTicks;
                p[7].Value = s.LastModifiedTicks;
                p[8].Value = (object?)s.Reason ?? DBNull.Value;
                for (int slot = 0; slot < 4; slot++)
                {
                    StoredCountdown countdown = s.Countdown(slot);
                    p[9 + (2 * slot)].Value = countdown.IsRunning ? Name(countdown.Timer) : DBNull.Value;
                    p[10 + (2 * slot)].Value = countdown.IsRunning ? countdown.StartedAtTicks : DBNull.Value;
                }

                _update.ExecuteNonQuery();
                RawSqlite.BindChange(_insert.Parameters, c, ++_position, Name);
                _insert.ExecuteNonQuery();
            }

            _meta.Parameters[0].Value = "last_position";
            _meta.Parameters[1].Value = _position;
            _meta.ExecuteNonQuery();
            _commit.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();

    private object Name(string? name)
    {
        if (name is null)
        {
            return DBNull.Value;
        }

        if (!_names.TryGetValue(name, out long id))
        {
            id = _names.Count == 0 ? 1 : _names.Values.Max() + 1;
            _insertName.Parameters[0].Value = id;
            _insertName.Parameters[1].Value = name;
            _insertName.ExecuteNonQuery();
            _names[name] = id;
        }

        return id;
    }
}
