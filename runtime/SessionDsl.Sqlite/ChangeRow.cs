using Microsoft.Data.Sqlite;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Sqlite;

/// <summary>How a <see cref="StoredChange"/> maps to a row of the changes table and back, in <see cref="Schema.ChangeColumns"/> order.</summary>
internal static class ChangeRow
{
    public static readonly string Insert =
        $"INSERT INTO changes({string.Join(", ", Schema.ChangeColumns)}) VALUES({string.Join(", ", Schema.ChangeColumns.Select(c => "$" + c))})";

    public static readonly string SelectAfter =
        $"SELECT {string.Join(", ", Schema.ChangeColumns)} FROM changes WHERE position > $after ORDER BY position LIMIT $max";

    /// <summary>Sets the insert's parameters (one per column) to <paramref name="change"/>'s values.</summary>
    public static void Bind(SqliteParameterCollection parameters, in StoredChange change, NameIds names)
    {
        parameters[0].Value = change.Position;
        parameters[1].Value = change.AtTicks;
        parameters[2].Value = (long)change.Kind;
        parameters[3].Value = Keys.Value(change.Key);
        parameters[4].Value = Keys.Value(change.Partition);
        parameters[5].Value = names.IdOf(Required(change.Lifecycle, nameof(change.Lifecycle)));
        parameters[6].Value = names.IdOf(Required(change.From, nameof(change.From)));
        parameters[7].Value = names.IdOf(Required(change.To, nameof(change.To)));
        parameters[8].Value = names.IdOrNull(change.Event);
        parameters[9].Value = names.IdOrNull(change.Timer);
        parameters[10].Value = change.Related is { } related ? Keys.Value(related) : DBNull.Value;
        parameters[11].Value = (object?)change.Reason ?? DBNull.Value;
        parameters[12].Value = names.IdOrNull(change.Rule);
    }

    /// <summary>The change in the reader's current row, its names resolved by <paramref name="reader"/>'s connection.</summary>
    public static StoredChange Read(SqliteDataReader row, ReadConnection reader) => new()
    {
        Position = row.GetInt64(0),
        AtTicks = row.GetInt64(1),
        Kind = (SessionChangeKind)row.GetInt64(2),
        Key = Keys.Read(row, 3),
        Partition = Keys.Read(row, 4),
        Lifecycle = reader.Name(row, 5),
        From = reader.Name(row, 6),
        To = reader.Name(row, 7),
        Event = reader.NameOrNull(row, 8),
        Timer = reader.NameOrNull(row, 9),
        Related = row.IsDBNull(10) ? null : Keys.Read(row, 10),
        Reason = row.IsDBNull(11) ? null : row.GetString(11),
        Rule = reader.NameOrNull(row, 12),
    };

    private static string Required(string? name, string what) =>
        name ?? throw new ArgumentException($"A stored change's {what} must not be null.", "batch");
}
