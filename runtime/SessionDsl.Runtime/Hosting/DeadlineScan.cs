namespace SessionDsl.Hosting;

/// <summary>
/// The deadlines of a host of a few sessions (<see cref="SessionHostOptions.FewSessions"/>, a partition's grain): one
/// slot per id, scanned for the earliest on each expiry. A few hundred bytes where a <see cref="TimingWheel"/> takes
/// about 100 KB of buckets before it holds anything; linear in the sessions per expiry, so only for a few of them.
/// Same contract as the wheel: one pending deadline per id, expired in deadline order (ties by id), and a deadline
/// scheduled during expiry at or before the time given expires in the same call.
/// </summary>
internal sealed class DeadlineScan(int capacity)
{
    private long[] _due = Filled(capacity);
    private bool _expiring;

    public int Count { get; private set; }

    public bool IsScheduled(int id) => (uint)id < (uint)_due.Length && _due[id] >= 0;

    public void EnsureCapacity(int capacity)
    {
        if (capacity > _due.Length)
        {
            long[] grown = Filled(Math.Max(capacity, _due.Length * 2));
            _due.CopyTo(grown, 0);
            _due = grown;
        }
    }

    public void Schedule(int id, long deadlineTicks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deadlineTicks);
        if (_due[id] < 0)
        {
            Count++;
        }

        _due[id] = deadlineTicks;
    }

    public bool Cancel(int id)
    {
        if ((uint)id >= (uint)_due.Length || _due[id] < 0)
        {
            return false;
        }

        _due[id] = -1;
        Count--;
        return true;
    }

    public int Advance<TCallback>(long nowTicks, ref TCallback callback)
        where TCallback : struct, ITimingWheelCallback
    {
        if (_expiring)
        {
            throw new InvalidOperationException("DeadlineScan.Advance was called again from inside one of its own callbacks.");
        }

        _expiring = true;
        try
        {
            int expired = 0;
            while (Count > 0)
            {
                int first = -1;
                long earliest = long.MaxValue;
                for (int id = 0; id < _due.Length; id++)
                {
                    long due = _due[id];
                    if (due >= 0 && due < earliest)
                    {
                        earliest = due;
                        first = id;
                    }
                }

                if (first < 0 || earliest > nowTicks)
                {
                    break;
                }

                _due[first] = -1;
                Count--;
                callback.OnExpired(first, earliest);
                expired++;
            }

            return expired;
        }
        finally
        {
            _expiring = false;
        }
    }

    private static long[] Filled(int capacity)
    {
        var due = new long[Math.Max(capacity, 1)];
        Array.Fill(due, -1L);
        return due;
    }
}
