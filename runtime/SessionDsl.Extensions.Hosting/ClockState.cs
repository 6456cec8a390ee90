namespace SessionDsl.Extensions.Hosting;

/// <summary>What the hosted clock last did: read by the metrics (clock lag) and the health check.</summary>
internal sealed class ClockState
{
    private readonly object _gate = new();
    private TimeProvider _time = TimeProvider.System;
    private DateTimeOffset _lastRun;
    private bool _running;

    public Exception? LastError { get; private set; }

    public bool Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>How long since the clock last finished an advance without error, while it runs; zero otherwise.</summary>
    public TimeSpan Lag
    {
        get
        {
            lock (_gate)
            {
                if (!_running)
                {
                    return TimeSpan.Zero;
                }

                TimeSpan lag = _time.GetUtcNow() - _lastRun;
                return lag > TimeSpan.Zero ? lag : TimeSpan.Zero;
            }
        }
    }

    public void Started(TimeProvider time)
    {
        lock (_gate)
        {
            _time = time;
            _lastRun = time.GetUtcNow();
            _running = true;
        }
    }

    public void Ran()
    {
        lock (_gate)
        {
            _lastRun = _time.GetUtcNow();
            LastError = null;
        }
    }

    public void Failed(Exception error)
    {
        lock (_gate)
        {
            LastError = error;
        }
    }

    public void Stopped()
    {
        lock (_gate)
        {
            _running = false;
        }
    }
}
