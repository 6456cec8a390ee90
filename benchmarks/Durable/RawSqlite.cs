using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using SessionDsl.Hosting.Storage;
using SessionDsl.Sqlite;

namespace SessionDsl.Benchmarks.Durable;

/// <summary>
/// Baselines for the SQLite store: the same rows written by a plain loop of prepared statements, and read back by a
/// plain SELECT, with the store's own journal settings. What the store costs beyond them is its own doing (the
/// names cache, the gap check, keys, building <see cref="StoredSession"/> values), not SQLite's.
/// </summary>
/// <remarks>
/// Both use Microsoft.Data.Sqlite, as the store does, so the comparison leaves the driver out too. The rows the
/// writer writes can be compared with the store's with <see cref="Fingerprint"/>.
/// </remarks>
internal static class RawSqlite
{
    // The order the loops below bind and read columns in; checked against the store's schema before use.
    private static readonly string[] SessionColumns =
    [
        "sequence", "key", "partition_key", "lifecycle", "status", "entered_at", "options", "started_at", "last_modified", "reason",
        "countdown0_timer", "countdown0_at", "countdown1_timer", "countdown1_at", "countdown2_timer", "countdown2_at", "countdown3_timer", "countdown3_at",
    ];

    private static readonly string[] ChangeColumns =
        ["position", "at", "kind", "key", "partition_key", "lifecycle", "from_status", "to_status", "event", "timer", "related", "reason", "rule"];

    /// <summary>
    /// Creates an empty store at <paramref name="path"/> (through the store itself, so the schema is the store's),
    /// then writes each pair's session and change with a plain loop: <paramref name="batchSize"/> pairs a
    /// transaction, exactly the rows <see cref="SqliteSessionStore.Commit"/> writes for batches of that many pairs
    /// (sessions, changes, names new to the file, the meta table's last position and last sequence). Each session
    /// is written once, as a run of starts is; positions must follow each other from 1.
    /// </summary>
    public static void Write(string path, IReadOnlyList<(StoredSession Session, StoredChange Change)> pairs, int batchSize, SqliteSynchronous synchronous)
    {
        CheckColumns();
        using (var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path, Synchronous = synchronous }))
        {
            store.Open();
        }

        using SqliteConnection connection = OpenWriter(path, synchronous);
        using SqliteCommand begin = Prepare(connection, "BEGIN IMMEDIATE", 0);
        using SqliteCommand commit = Prepare(connection, "COMMIT", 0);
        using SqliteCommand insertName = Prepare(connection, "INSERT INTO names(id, name) VALUES($p0, $p1)", 2);
        using SqliteCommand insertSession = Prepare(connection, Insert("sessions", SessionColumns), SessionColumns.Length);
        using SqliteCommand insertChange = Prepare(connection, Insert("changes", ChangeColumns), ChangeColumns.Length);
        using SqliteCommand setMeta = Prepare(connection, "UPDATE meta SET value = $p1 WHERE name = $p0", 2);
        var names = new Dictionary<string, long>(StringComparer.Ordinal);

        long NameId(string? name)
        {
            if (name is null)
            {
                return 0;
            }

            if (!names.TryGetValue(name, out long id))
            {
                id = names.Count + 1;
                insertName.Parameters[0].Value = id;
                insertName.Parameters[1].Value = name;
                insertName.ExecuteNonQuery();
                names.Add(name, id);
            }

            return id;
        }

        object Name(string? name) => name is null ? DBNull.Value : NameId(name);

        long lastSequence = 0;
        for (int start = 0; start < pairs.Count; start += batchSize)
        {
            int end = Math.Min(pairs.Count, start + batchSize);
            begin.ExecuteNonQuery();
            for (int i = start; i < end; i++)
            {
                StoredSession s = pairs[i].Session;
                SqliteParameterCollection p = insertSession.Parameters;
                p[0].Value = s.Sequence;
                p[1].Value = Key(s.Key);
                p[2].Value = Key(s.Partition);
                p[3].Value = NameId(s.Lifecycle);
                p[4].Value = NameId(s.Status);
                p[5].Value = s.EnteredAtTicks;
                p[6].Value = NameId(s.Options);
                p[7].Value = s.StartedAtTicks;
                p[8].Value = s.LastModifiedTicks;
                p[9].Value = (object?)s.Reason ?? DBNull.Value;
                for (int slot = 0; slot < 4; slot++)
                {
                    StoredCountdown countdown = s.Countdown(slot);
                    p[10 + (2 * slot)].Value = Name(countdown.Timer);
                    p[11 + (2 * slot)].Value = countdown.IsRunning ? countdown.StartedAtTicks : DBNull.Value;
                }

                insertSession.ExecuteNonQuery();
                lastSequence = Math.Max(lastSequence, s.Sequence);
            }

            for (int i = start; i < end; i++)
            {
                BindChange(insertChange.Parameters, pairs[i].Change, pairs[i].Change.Position, Name);
                insertChange.ExecuteNonQuery();
            }

            setMeta.Parameters[0].Value = "last_position";
            setMeta.Parameters[1].Value = pairs[end - 1].Change.Position;
            setMeta.ExecuteNonQuery();
            setMeta.Parameters[0].Value = "last_sequence";
            setMeta.Parameters[1].Value = lastSequence;
            setMeta.ExecuteNonQuery();
            commit.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Reads every session row of the store at <paramref name="path"/> with a plain SELECT of the columns
    /// <see cref="SqliteSessionStore.ReadSessions"/> reads, in its order, into locals; returns how many rows.
    /// </summary>
    public static long ReadSessions(string path)
    {
        CheckColumns();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 5000");
        using SqliteCommand select = connection.CreateCommand();
        select.CommandText = $"SELECT {string.Join(", ", SessionColumns)} FROM sessions ORDER BY sequence";
        using SqliteDataReader row = select.ExecuteReader();
        long count = 0, check = 0;
        while (row.Read())
        {
            long sequence = row.GetInt64(0);
            long key = row.GetFieldType(1) == typeof(string) ? row.GetString(1).Length : row.GetInt64(1);
            long partition = row.GetFieldType(2) == typeof(string) ? row.GetString(2).Length : row.GetInt64(2);
            long lifecycle = row.GetInt64(3), status = row.GetInt64(4), entered = row.GetInt64(5), options = row.GetInt64(6);
            long started = row.GetInt64(7), modified = row.GetInt64(8);
            string? reason = row.IsDBNull(9) ? null : row.GetString(9);
            long countdowns = 0;
            for (int column = 10; column < 18; column += 2)
            {
                if (!row.IsDBNull(column))
                {
                    countdowns += row.GetInt64(column) ^ row.GetInt64(column + 1);
                }
            }

            check += sequence ^ key ^ partition ^ lifecycle ^ status ^ entered ^ options ^ started ^ modified ^ (reason?.Length ?? 0) ^ countdowns;
            count++;
        }

        // The checksum keeps every value read in use; the count is the result.
        return check == long.MinValue ? -count : count;
    }

    /// <summary>
    /// A digest of every row the store writes (names, sessions, changes, subscribers, checkpoints, and the meta table
    /// but for its creation time), so a benchmark's setup can check that two files hold the same rows.
    /// </summary>
    public static string Fingerprint(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var text = new StringBuilder();
        foreach (string query in new[]
        {
            "SELECT name, value FROM meta WHERE name <> 'created_at' ORDER BY name",
            "SELECT id, name FROM names ORDER BY id",
            "SELECT * FROM sessions ORDER BY sequence",
            "SELECT * FROM changes ORDER BY position",
            "SELECT * FROM subscribers ORDER BY name",
            "SELECT * FROM checkpoints ORDER BY name",
        })
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = query;
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    // The type is part of the row: 42 and '42' are different keys.
                    text.Append(reader.IsDBNull(i) ? "null" : $"{reader.GetFieldType(i).Name}:{reader.GetValue(i)}").Append('|');
                }

                text.Append('\n');
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Binds a feed entry to an INSERT of the changes table's columns in order, at <paramref name="position"/>; <paramref name="name"/> gives a name's id (or null's DBNull).</summary>
    internal static void BindChange(SqliteParameterCollection p, in StoredChange c, long position, Func<string?, object> name)
    {
        p[0].Value = position;
        p[1].Value = c.AtTicks;
        p[2].Value = (long)c.Kind;
        p[3].Value = Key(c.Key);
        p[4].Value = Key(c.Partition);
        p[5].Value = name(c.Lifecycle);
        p[6].Value = name(c.From);
        p[7].Value = name(c.To);
        p[8].Value = name(c.Event);
        p[9].Value = name(c.Timer);
        p[10].Value = c.Related is { } related ? Key(related) : DBNull.Value;
        p[11].Value = (object?)c.Reason ?? DBNull.Value;
        p[12].Value = name(c.Rule);
    }

    /// <summary>A key as the store binds it: text as text, an integer as an integer.</summary>
    internal static object Key(StoreKey key) => key.IsText ? key.Text! : key.Integer;

    internal static SqliteConnection OpenWriter(string path, SqliteSynchronous synchronous)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        // The store's settings: WAL, its synchronous level, a busy timeout.
        Execute(connection, "PRAGMA busy_timeout = 5000");
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection, synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        return connection;
    }

    private static string Insert(string table, string[] columns) =>
        $"INSERT INTO {table}({string.Join(", ", columns)}) VALUES({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";

    internal static SqliteCommand Prepare(SqliteConnection connection, string sql, int parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        for (int i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" });
        }

        command.Prepare();
        return command;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // The loops bind and read by position: a schema whose columns moved would make them write the wrong columns.
    private static void CheckColumns()
    {
        if (!SessionColumns.SequenceEqual(Schema.SessionColumns) || !ChangeColumns.SequenceEqual(Schema.ChangeColumns))
        {
            throw new InvalidOperationException("RawSqlite's column lists no longer match the store's schema; update them.");
        }
    }
}
