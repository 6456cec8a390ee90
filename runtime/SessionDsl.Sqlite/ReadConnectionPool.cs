namespace SessionDsl.Sqlite;

/// <summary>
/// Read connections kept open between reads, so that a read costs no open and no prepare. Readers on many threads
/// each take their own; a few idle ones are kept, the rest closed when returned.
/// </summary>
internal sealed class ReadConnectionPool : IDisposable
{
    private readonly object _gate = new();
    private readonly Stack<ReadConnection> _idle = new();
    private readonly Func<ReadConnection> _open;
    private readonly int _maxIdle;
    private bool _disposed;

    public ReadConnectionPool(Func<ReadConnection> open, int maxIdle)
    {
        _open = open;
        _maxIdle = maxIdle;
    }

    public ReadConnection Rent()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(SqliteSessionStore));
            if (_idle.TryPop(out ReadConnection? idle))
            {
                return idle;
            }
        }

        return _open();
    }

    /// <summary>Takes back a connection after a read; one returned after the store was disposed is closed.</summary>
    public void Return(ReadConnection connection)
    {
        lock (_gate)
        {
            if (!_disposed && _idle.Count < _maxIdle)
            {
                _idle.Push(connection);
                return;
            }
        }

        connection.Dispose();
    }

    /// <summary>Takes back a connection whose read failed: closed, in case the failure left it in a bad state.</summary>
    public static void Discard(ReadConnection connection) => connection.Dispose();

    public void Dispose()
    {
        ReadConnection[] idle;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (ReadConnection connection in idle)
        {
            connection.Dispose();
        }
    }
}
