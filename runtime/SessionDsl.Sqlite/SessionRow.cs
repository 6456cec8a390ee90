using Microsoft.Data.Sqlite;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Sqlite;

/// <summary>How a <see cref="StoredSession"/> maps to a row of the sessions table and back, in <see cref="Schema.SessionColumns"/> order.</summary>
internal static class SessionRow
{
    public static readonly string Upsert = BuildUpsert();

    public const string Delete = "DELETE FROM sessions WHERE key = $key";

    public static readonly string SelectAll = $"SELECT {string.Join(", ", Schema.SessionColumns)} FROM sessions ORDER BY sequence";

    /// <summary>Sets the upsert's parameters (one per column) to <paramref name="session"/>'s values.</summary>
    public static void Bind(SqliteParameterCollection parameters, in StoredSession session, NameIds names)
    {
        parameters[0].Value = session.Sequence;
        parameters[1].Value = Keys.Value(session.Key);
        parameters[2].Value = Keys.Value(session.Partition);
        parameters[3].Value = names.IdOf(Required(session.Lifecycle, nameof(session.Lifecycle)));
        parameters[4].Value = names.IdOf(Required(session.Status, nameof(session.Status)));
        parameters[5].Value = session.EnteredAtTicks;
        parameters[6].Value = names.IdOf(Required(session.Options, nameof(session.Options)));
        parameters[7].Value = session.StartedAtTicks;
        parameters[8].Value = session.LastModifiedTicks;
        parameters[9].Value = (object?)session.Reason ?? DBNull.Value;
        for (int slot = 0; slot < Schema.Countdowns; slot++)
        {
            StoredCountdown countdown = session.Countdown(slot);
            // An empty slot is NULL in both columns: its start time means nothing and would cost 8 bytes.
            parameters[10 + (2 * slot)].Value = names.IdOrNull(countdown.Timer);
            parameters[11 + (2 * slot)].Value = countdown.IsRunning ? countdown.StartedAtTicks : DBNull.Value;
        }
    }

    /// <summary>The session in the reader's current row, its names resolved by <paramref name="reader"/>'s connection.</summary>
    public static StoredSession Read(SqliteDataReader row, ReadConnection reader) => new()
    {
        Sequence = row.GetInt64(0),
        Key = Keys.Read(row, 1),
        Partition = Keys.Read(row, 2),
        Lifecycle = reader.Name(row, 3),
        Status = reader.Name(row, 4),
        EnteredAtTicks = row.GetInt64(5),
        Options = reader.Name(row, 6),
        StartedAtTicks = row.GetInt64(7),
        LastModifiedTicks = row.GetInt64(8),
        Reason = row.IsDBNull(9) ? null : row.GetString(9),
        Countdown0 = ReadCountdown(row, reader, 0),
        Countdown1 = ReadCountdown(row, reader, 1),
        Countdown2 = ReadCountdown(row, reader, 2),
        Countdown3 = ReadCountdown(row, reader, 3),
    };

    private static StoredCountdown ReadCountdown(SqliteDataReader row, ReadConnection reader, int slot)
    {
        int timer = 10 + (2 * slot);
        return row.IsDBNull(timer) ? default : new StoredCountdown(reader.Name(row, timer), row.GetInt64(timer + 1));
    }

    private static string Required(string? name, string what) =>
        name ?? throw new ArgumentException($"A stored session's {what} must not be null.", "batch");

    private static string BuildUpsert()
    {
        string[] columns = Schema.SessionColumns;
        string values = string.Join(", ", columns.Select(c => "$" + c));
        // A session keeps its sequence and key for life: the common write updates the row of its sequence. A key that
        // another sequence holds is replaced, as the reference store replaces by key (a key deleted and started again).
        string updateBySequence = string.Join(", ", columns.Where(c => c is not "sequence" and not "key").Select(c => $"{c} = excluded.{c}"));
        string updateByKey = string.Join(", ", columns.Where(c => c is not "key").Select(c => $"{c} = excluded.{c}"));
        return $"INSERT INTO sessions({string.Join(", ", columns)}) VALUES({values}) "
            + $"ON CONFLICT(sequence) DO UPDATE SET {updateBySequence} "
            + $"ON CONFLICT(key) DO UPDATE SET {updateByKey}";
    }
}
