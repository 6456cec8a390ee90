using Microsoft.Data.Sqlite;

namespace SessionDsl.Sqlite;

/// <summary>
/// The writer's side of the names table: the id of each name, cached, and names new to the store inserted inside the
/// commit's transaction. Ids cached during a transaction that rolls back are forgotten with it, so that the cache
/// never holds an id the file does not.
/// </summary>
internal sealed class NameIds : IDisposable
{
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _addedInTransaction = [];
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _insertId;
    private readonly SqliteParameter _insertName;
    private long _lastId;
    private long _lastIdBeforeTransaction;

    public NameIds(SqliteConnection connection)
    {
        using (SqliteCommand load = connection.CreateCommand())
        {
            load.CommandText = "SELECT id, name FROM names";
            using SqliteDataReader reader = load.ExecuteReader();
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                _ids[reader.GetString(1)] = id;
                _lastId = Math.Max(_lastId, id);
            }
        }

        _insert = connection.CreateCommand();
        _insert.CommandText = "INSERT INTO names(id, name) VALUES($id, $name)";
        _insertId = _insert.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        _insertName = _insert.Parameters.Add(new SqliteParameter { ParameterName = "$name" });
        _insert.Prepare();
    }

    /// <summary>Call when the writer's transaction begins.</summary>
    public void BeginTransaction()
    {
        _addedInTransaction.Clear();
        _lastIdBeforeTransaction = _lastId;
    }

    /// <summary>The id of <paramref name="name"/>, inserting it into the names table when the store lacks it.</summary>
    public long IdOf(string name)
    {
        if (_ids.TryGetValue(name, out long id))
        {
            return id;
        }

        id = _lastId + 1;
        _insertId.Value = id;
        _insertName.Value = name;
        _insert.ExecuteNonQuery();
        _lastId = id;
        _ids.Add(name, id);
        _addedInTransaction.Add(name);
        return id;
    }

    /// <summary>The id of <paramref name="name"/> as a parameter value, or NULL for no name.</summary>
    public object IdOrNull(string? name) => name is null ? DBNull.Value : IdOf(name);

    /// <summary>Call when the writer's transaction committed: its names are now in the file.</summary>
    public void Committed() => _addedInTransaction.Clear();

    /// <summary>Call when the writer's transaction rolled back: its names are not in the file, nor in this cache any more.</summary>
    public void RolledBack()
    {
        foreach (string name in _addedInTransaction)
        {
            _ids.Remove(name);
        }

        _addedInTransaction.Clear();
        _lastId = _lastIdBeforeTransaction;
    }

    public void Dispose() => _insert.Dispose();
}
