using Microsoft.Data.Sqlite;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Sqlite;

/// <summary>
/// A session store in one SQLite file, which a person can read with the sqlite3 shell (see docs/storage.md). Commits
/// go through one writing connection, one transaction a batch; reads use connections of their own, so that they run
/// while a commit does and see only committed data (the file is in WAL mode).
/// </summary>
/// <remarks>
/// Open a file from one store at a time: a second writer on the same file is noticed at its next commit, which fails
/// and writes nothing. <see cref="Commit"/> and <see cref="Acknowledge"/> may be called from any thread and take
/// turns; the reads may be called from any thread at any time.
/// </remarks>
public sealed class SqliteSessionStore : ISessionStore
{
    // Read connections kept open for the next read; more may be open at once while reads overlap.
    private const int IdleReaders = 4;

    private readonly object _gate = new();
    private readonly string _path;
    private readonly SqliteSessionStoreOptions _options;
    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;
    private readonly NameLookup _names = new();
    private readonly ReadConnectionPool _readers;
    private WriteConnection? _writer;
    private volatile bool _opened;
    private volatile bool _disposed;

    /// <summary>Creates a store over <see cref="SqliteSessionStoreOptions.Path"/>; nothing is read or written until <see cref="Open"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public SqliteSessionStore(SqliteSessionStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero, nameof(options));
        _options = options;
        _path = System.IO.Path.GetFullPath(options.Path);
        // Pooling off: the store keeps its own connections, and a disposed store must really close its file.
        // The driver's own retry on a busy file; 0 would mean "forever" to it.
        int timeoutSeconds = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        _writeConnectionString = new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = timeoutSeconds }.ToString();
        _readConnectionString = new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = timeoutSeconds }.ToString();
        _readers = new ReadConnectionPool(() => ReadConnection.Open(_path, _readConnectionString, options.BusyTimeout, _names), IdleReaders);
    }

    /// <inheritdoc />
    /// <remarks>Creates the file (and its folder) when missing. Calling it again reads the head again.</remarks>
    public StoreHead Open()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            WriteConnection? opened = null;
            try
            {
                WriteConnection writer = _writer ?? (opened = OpenWriter());
                // Counting reads the key index: damage there is found now, not by the first commit.
                var head = new StoreHead(writer.LastPosition, writer.LastSequence, writer.CountSessions(), _path);
                _writer = writer;
                _opened = true;
                return head;
            }
            catch (SqliteException e)
            {
                opened?.Dispose();
                throw StoreErrors.Reading(_path, "opening the store", e);
            }
            catch
            {
                opened?.Dispose();
                throw;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Streams the rows: one is read from the file as the caller asks for the next, in one snapshot of the store.</remarks>
    public IEnumerable<StoredSession> ReadSessions()
    {
        RequireOpen();
        return StreamSessions();
    }

    /// <inheritdoc />
    public void Commit(StoreBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            WriteConnection writer = Writer();
            try
            {
                writer.Commit(batch);
            }
            finally
            {
                DropIfBroken(writer);
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredChange> ReadChanges(long afterPosition, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        RequireOpen();
        return max == 0 ? [] : Read("reading changes", static (reader, query) => reader.Changes(query.afterPosition, query.max), (afterPosition, max));
    }

    /// <inheritdoc />
    public long ReadAcknowledged(string subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        return Read("reading an acknowledgement", static (reader, subscriber) => reader.Acknowledged(subscriber), subscriber);
    }

    /// <inheritdoc />
    public void Acknowledge(string subscriber, long position)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate)
        {
            WriteConnection writer = Writer();
            try
            {
                writer.Acknowledge(subscriber, position);
            }
            finally
            {
                DropIfBroken(writer);
            }
        }
    }

    /// <inheritdoc />
    public string? ReadCheckpoint(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Read("reading a checkpoint", static (reader, name) => reader.Checkpoint(name), name);
    }

    /// <summary>Closes the store's connections; a read still streaming sessions closes its own when it ends.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            // Readers first, so that the writer closes last and folds the WAL back into the file.
            _readers.Dispose();
            _writer?.Dispose();
            _writer = null;
        }
    }

    /// <summary>Test hook: caps the file's size in pages, to fill it without filling a disk.</summary>
    internal void SetMaxPageCount(long pages)
    {
        lock (_gate)
        {
            Writer().SetMaxPageCount(pages);
        }
    }

    private WriteConnection OpenWriter()
    {
        string? folder = System.IO.Path.GetDirectoryName(_path);
        try
        {
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SessionStoreException($"{_path}: its folder could not be created ({e.Message}). Nothing was written.", e);
        }

        // A second look only when another connection created the schema between the first look and the write.
        while (true)
        {
            bool create = StoreInspector.NeedsSchema(_path, _readConnectionString);
            if (WriteConnection.Open(_path, _writeConnectionString, _options, create) is { } writer)
            {
                return writer;
            }
        }
    }

    private WriteConnection Writer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is { } writer)
        {
            return writer;
        }

        RequireOpen();
        // The last writer was closed after a failed rollback: a new connection starts from the committed file.
        try
        {
            return _writer = WriteConnection.Open(_path, _writeConnectionString, _options, create: false)!;
        }
        catch (SqliteException e)
        {
            throw StoreErrors.Reading(_path, "opening the store again for writing", e);
        }
    }

    private void DropIfBroken(WriteConnection writer)
    {
        if (writer.Broken)
        {
            writer.Dispose();
            _writer = null;
        }
    }

    private void RequireOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_opened)
        {
            throw new InvalidOperationException($"{_path}: call Open before reading or writing the store.");
        }
    }

    private TResult Read<TQuery, TResult>(string during, Func<ReadConnection, TQuery, TResult> read, TQuery query)
    {
        RequireOpen();
        ReadConnection reader = Rent(during);
        TResult result;
        try
        {
            result = read(reader, query);
        }
        catch (SqliteException e)
        {
            ReadConnectionPool.Discard(reader);
            throw StoreErrors.Reading(_path, during, e);
        }
        catch
        {
            ReadConnectionPool.Discard(reader);
            throw;
        }

        _readers.Return(reader);
        return result;
    }

    private IEnumerable<StoredSession> StreamSessions()
    {
        const string During = "reading sessions";
        ReadConnection reader = Rent(During);
        // A caller may stop early (First, Take): that is no failure, and the connection goes back to the pool.
        bool failed = false;
        try
        {
            SqliteDataReader rows;
            try
            {
                rows = reader.Sessions();
            }
            catch (SqliteException e)
            {
                failed = true;
                throw StoreErrors.Reading(_path, During, e);
            }

            using (rows)
            {
                while (true)
                {
                    StoredSession session;
                    try
                    {
                        if (!rows.Read())
                        {
                            break;
                        }

                        session = SessionRow.Read(rows, reader);
                    }
                    catch (SqliteException e)
                    {
                        failed = true;
                        throw StoreErrors.Reading(_path, During, e);
                    }
                    catch
                    {
                        failed = true;
                        throw;
                    }

                    yield return session;
                }
            }
        }
        finally
        {
            if (failed)
            {
                ReadConnectionPool.Discard(reader);
            }
            else
            {
                _readers.Return(reader);
            }
        }
    }

    private ReadConnection Rent(string during)
    {
        try
        {
            return _readers.Rent();
        }
        catch (SqliteException e)
        {
            throw StoreErrors.Reading(_path, during, e);
        }
    }
}
