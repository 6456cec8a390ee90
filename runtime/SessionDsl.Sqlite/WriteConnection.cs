using System.Globalization;
using Microsoft.Data.Sqlite;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Sqlite;

/// <summary>
/// The store's one writing connection: each batch in one transaction through statements prepared once, whose
/// parameters are set per row. Used by one thread at a time (the store serializes commits and acknowledgements).
/// </summary>
internal sealed class WriteConnection : IDisposable
{
    private readonly string _path;
    private readonly SqliteConnection _connection;
    private readonly NameIds _names;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _advancePosition;
    private readonly SqliteCommand _setLastSequence;
    private readonly SqliteCommand _upsertSession;
    private readonly SqliteCommand _deleteSession;
    private readonly SqliteCommand _insertChange;
    private readonly SqliteCommand _upsertCheckpoint;
    private readonly SqliteCommand _acknowledge;
    private readonly SqliteCommand _countSessions;

    private WriteConnection(string path, SqliteConnection connection)
    {
        _path = path;
        _connection = connection;
        LastPosition = ReadMeta(connection, Schema.Meta.LastPosition);
        LastSequence = ReadMeta(connection, Schema.Meta.LastSequence);
        _names = new NameIds(connection);
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
        // Moving the last position only from the value this connection last wrote notices another writer on the file.
        _advancePosition = Prepare($"UPDATE meta SET value = $position WHERE name = '{Schema.Meta.LastPosition}' AND value = $expected", "$position", "$expected");
        _setLastSequence = Prepare($"UPDATE meta SET value = $sequence WHERE name = '{Schema.Meta.LastSequence}'", "$sequence");
        _upsertSession = Prepare(SessionRow.Upsert, [.. Schema.SessionColumns.Select(c => "$" + c)]);
        _deleteSession = Prepare(SessionRow.Delete, "$key");
        _insertChange = Prepare(ChangeRow.Insert, [.. Schema.ChangeColumns.Select(c => "$" + c)]);
        _upsertCheckpoint = Prepare("INSERT INTO checkpoints(name, value) VALUES($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value", "$name", "$value");
        _acknowledge = Prepare("INSERT INTO subscribers(name, position) VALUES($name, $position) ON CONFLICT(name) DO UPDATE SET position = max(position, excluded.position)", "$name", "$position");
        _countSessions = Prepare("SELECT count(*) FROM sessions");
    }

    /// <summary>The position of the last committed change.</summary>
    public long LastPosition { get; private set; }

    /// <summary>The largest session sequence ever committed.</summary>
    public long LastSequence { get; private set; }

    /// <summary>True when a failed transaction could not even be rolled back: close this connection and open another.</summary>
    public bool Broken { get; private set; }

    /// <summary>
    /// Opens the writing connection with the store's settings, creating the schema when <paramref name="create"/>.
    /// Returns null when the file was to be created but another connection filled it meanwhile: inspect it again.
    /// </summary>
    public static WriteConnection? Open(string path, string connectionString, SqliteSessionStoreOptions options, bool create)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}");
            // WAL lets readers read the last commit while a commit runs; it is kept in the file once set.
            string? mode = Scalar(connection, "PRAGMA journal_mode = WAL") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new SessionStoreException($"{path}: SQLite could not use write-ahead logging for the store (its journal mode stayed '{mode}'); the store needs it. Nothing was written to it.");
            }

            Execute(connection, options.Synchronous switch
            {
                SqliteSynchronous.Full => "PRAGMA synchronous = FULL",
                SqliteSynchronous.Normal => "PRAGMA synchronous = NORMAL",
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Synchronous, "Synchronous is Full or Normal."),
            });

            if (create && !CreateSchema(connection))
            {
                connection.Dispose();
                return null;
            }

            return new WriteConnection(path, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>How many sessions the store holds.</summary>
    public long CountSessions() => (long)_countSessions.ExecuteScalar()!;

    /// <summary>Writes <paramref name="batch"/> in one transaction; on failure rolls it back and throws.</summary>
    /// <exception cref="SessionStoreException">Nothing was written.</exception>
    public void Commit(StoreBatch batch)
    {
        // Checked before anything is written, as the reference store does.
        long position = LastPosition;
        foreach (StoredChange change in batch.Changes)
        {
            if (change.Position != ++position)
            {
                throw StoreErrors.Gap(_path, change.Position, position - 1);
            }
        }

        if (batch.IsEmpty)
        {
            return;
        }

        long lastSequence = LastSequence;
        _names.BeginTransaction();
        try
        {
            _begin.ExecuteNonQuery();
            _advancePosition.Parameters[0].Value = position;
            _advancePosition.Parameters[1].Value = LastPosition;
            if (_advancePosition.ExecuteNonQuery() != 1)
            {
                throw StoreErrors.AnotherWriter(_path, LastPosition);
            }

            // In order: a key deleted and started again in one batch must be deleted before its new row is written.
            foreach (SessionWrite write in batch.Sessions)
            {
                if (write.Delete)
                {
                    _deleteSession.Parameters[0].Value = Keys.Value(write.Session.Key);
                    _deleteSession.ExecuteNonQuery();
                }
                else
                {
                    SessionRow.Bind(_upsertSession.Parameters, write.Session, _names);
                    _upsertSession.ExecuteNonQuery();
                    lastSequence = Math.Max(lastSequence, write.Session.Sequence);
                }
            }

            foreach (StoredChange change in batch.Changes)
            {
                ChangeRow.Bind(_insertChange.Parameters, change, _names);
                _insertChange.ExecuteNonQuery();
            }

            foreach (KeyValuePair<string, string> checkpoint in batch.Checkpoints)
            {
                _upsertCheckpoint.Parameters[0].Value = checkpoint.Key;
                _upsertCheckpoint.Parameters[1].Value = checkpoint.Value;
                _upsertCheckpoint.ExecuteNonQuery();
            }

            if (lastSequence != LastSequence)
            {
                _setLastSequence.Parameters[0].Value = lastSequence;
                _setLastSequence.ExecuteNonQuery();
            }

            _commit.ExecuteNonQuery();
        }
        catch (Exception failure)
        {
            RollBack();
            _names.RolledBack();
            if (failure is SqliteException sqlite)
            {
                throw StoreErrors.Commit(_path, Describe(batch), sqlite);
            }

            throw;
        }

        _names.Committed();
        LastPosition = position;
        LastSequence = lastSequence;
    }

    /// <summary>Records a subscriber's position, never moving it back.</summary>
    public void Acknowledge(string subscriber, long position)
    {
        try
        {
            _acknowledge.Parameters[0].Value = subscriber;
            _acknowledge.Parameters[1].Value = position;
            _acknowledge.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            // Outside an explicit transaction SQLite rolls the statement back itself, unless a failure left one open.
            RollBack();
            throw StoreErrors.Commit(_path, $"the acknowledgement of {subscriber} at position {position.ToString(CultureInfo.InvariantCulture)}", e);
        }
    }

    public void Dispose()
    {
        foreach (SqliteCommand command in new[] { _begin, _commit, _rollback, _advancePosition, _setLastSequence, _upsertSession, _deleteSession, _insertChange, _upsertCheckpoint, _acknowledge, _countSessions })
        {
            command.Dispose();
        }

        _names.Dispose();
        _connection.Dispose();
    }

    /// <summary>Test hook: caps the file at <paramref name="pages"/> pages, so that a test can fill it without filling a disk.</summary>
    internal void SetMaxPageCount(long pages) => Execute(_connection, $"PRAGMA max_page_count = {pages}");

    // A failed statement or COMMIT may leave the transaction open (SQLITE_FULL at COMMIT does), or SQLite may already
    // have rolled it back; only an open one is rolled back. Closing the connection rolls back what even that leaves.
    private void RollBack()
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0)
        {
            return;
        }

        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            Broken = true;
        }
    }

    private static bool CreateSchema(SqliteConnection connection)
    {
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            if ((long)Scalar(connection, "SELECT count(*) FROM sqlite_schema")! != 0)
            {
                Execute(connection, "ROLLBACK");
                return false;
            }

            foreach (string statement in Schema.Create())
            {
                Execute(connection, statement);
            }

            using SqliteCommand meta = connection.CreateCommand();
            meta.CommandText = "INSERT INTO meta(name, value) VALUES($name, $value)";
            SqliteParameter name = meta.Parameters.Add(new SqliteParameter { ParameterName = "$name" });
            SqliteParameter value = meta.Parameters.Add(new SqliteParameter { ParameterName = "$value" });
            foreach ((string Name, object Value) row in Schema.InitialMeta(DateTimeOffset.UtcNow))
            {
                name.Value = row.Name;
                value.Value = row.Value;
                meta.ExecuteNonQuery();
            }

            Execute(connection, "COMMIT");
            return true;
        }
        catch
        {
            if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
            {
                Execute(connection, "ROLLBACK");
            }

            throw;
        }
    }

    private static long ReadMeta(SqliteConnection connection, string name) =>
        Convert.ToInt64(Scalar(connection, $"SELECT value FROM meta WHERE name = '{name}'"), CultureInfo.InvariantCulture);

    private static string Describe(StoreBatch batch)
    {
        string changes = batch.Changes.Count == 0
            ? "no changes"
            : Count(batch.Changes.Count, "change") + $" (positions {batch.Changes[0].Position} to {batch.Changes[^1].Position})";
        return string.Create(CultureInfo.InvariantCulture, $"the batch of {Count(batch.Sessions.Count, "session write")}, {changes} and {Count(batch.Checkpoints.Count, "checkpoint")}");
    }

    private static string Count(int count, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {what}{(count == 1 ? "" : "s")}");

    private SqliteCommand Prepare(string sql, params string[] parameters) => Commands.Prepare(_connection, sql, parameters);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
