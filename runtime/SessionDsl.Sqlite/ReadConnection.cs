using Microsoft.Data.Sqlite;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Sqlite;

/// <summary>
/// One read-only connection with its prepared queries. In WAL mode it reads the last committed state while the writer
/// commits, and every query sees one consistent snapshot.
/// </summary>
internal sealed class ReadConnection : IDisposable
{
    private readonly string _path;
    private readonly SqliteConnection _connection;
    private readonly NameLookup _names;
    private readonly SqliteCommand _loadNames;
    private readonly SqliteCommand _sessions;
    private readonly SqliteCommand _changes;
    private readonly SqliteCommand _acknowledged;
    private readonly SqliteCommand _checkpoint;

    private ReadConnection(string path, SqliteConnection connection, NameLookup names)
    {
        _path = path;
        _connection = connection;
        _names = names;
        _loadNames = Prepare("SELECT id, name FROM names WHERE id > $after", "$after");
        _sessions = Prepare(SessionRow.SelectAll);
        _changes = Prepare(ChangeRow.SelectAfter, "$after", "$max");
        _acknowledged = Prepare("SELECT position FROM subscribers WHERE name = $name", "$name");
        _checkpoint = Prepare("SELECT value FROM checkpoints WHERE name = $name", "$name");
    }

    public static ReadConnection Open(string path, string connectionString, TimeSpan busyTimeout, NameLookup names)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using (SqliteCommand busy = connection.CreateCommand())
            {
                busy.CommandText = $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}";
                busy.ExecuteNonQuery();
            }

            return new ReadConnection(path, connection, names);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Every session row, in sequence order; the caller reads them with <see cref="SessionRow.Read"/>.</summary>
    public SqliteDataReader Sessions() => _sessions.ExecuteReader();

    public List<StoredChange> Changes(long afterPosition, int max)
    {
        _changes.Parameters[0].Value = afterPosition;
        _changes.Parameters[1].Value = max;
        var changes = new List<StoredChange>(Math.Min(max, 1024));
        using SqliteDataReader row = _changes.ExecuteReader();
        while (row.Read())
        {
            changes.Add(ChangeRow.Read(row, this));
        }

        return changes;
    }

    public long Acknowledged(string subscriber)
    {
        _acknowledged.Parameters[0].Value = subscriber;
        return _acknowledged.ExecuteScalar() is long position ? position : 0;
    }

    public string? Checkpoint(string name)
    {
        _checkpoint.Parameters[0].Value = name;
        return _checkpoint.ExecuteScalar() as string;
    }

    /// <summary>The name whose id is in <paramref name="column"/>; loads names new to the cache within this read.</summary>
    public string Name(SqliteDataReader row, int column)
    {
        long id = row.GetInt64(column);
        return _names.NameOf(id, _loadNames)
            ?? throw new SessionStoreException($"{_path} is damaged: a row refers to name {id}, which the names table does not hold. Nothing was written to it.");
    }

    public string? NameOrNull(SqliteDataReader row, int column) => row.IsDBNull(column) ? null : Name(row, column);

    public void Dispose()
    {
        // Commands hold prepared statements; they must be finalized before the connection closes.
        _loadNames.Dispose();
        _sessions.Dispose();
        _changes.Dispose();
        _acknowledged.Dispose();
        _checkpoint.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters) => Commands.Prepare(_connection, sql, parameters);
}
