using System.Numerics;
using System.Runtime.CompilerServices;

namespace SessionDsl.Hosting;

/// <summary>Receives each deadline a <see cref="TimingWheel"/> expires. Implement it on a struct so calls are direct.</summary>
internal interface ITimingWheelCallback
{
    /// <summary>The deadline of <paramref name="id"/>, <paramref name="deadlineTicks"/>, has passed. The id is no longer scheduled.</summary>
    void OnExpired(int id, long deadlineTicks);
}

/// <summary>
/// A hierarchical hashed timing wheel over dense ids (a host's session slots): at most one pending deadline per id,
/// scheduled, moved and cancelled in O(1), expired in O(1) amortized per deadline, in deadline order.
/// </summary>
/// <remarks>
/// <para>
/// Time is cut into units of one tick. Each id owns one 16-byte node (deadline, previous, next) in a flat array, so
/// rescheduling unlinks the node from its bucket's intrusive list and links it elsewhere: there are no stale entries to
/// skip and memory is exactly one node per id, whatever the churn. Deadlines later than the current unit sit in one of
/// 11 levels of 64 buckets; the level is the highest base-64 digit in which the deadline's unit differs from the
/// current unit, and the bucket is that digit. A 64-bit occupancy mask per level finds the next non-empty bucket with
/// one trailing-zero count, so a clock that jumps forward by days walks only the buckets that hold something.
/// </para>
/// <para>
/// Deadlines in the current unit (or earlier) sit in a small binary heap ordered by deadline then id, so that within a
/// tick timers fire in deadline order and a timer scheduled during expiry for a time already passed fires in the same
/// call, in order. Heap items moved or cancelled since are recognised by a stamp and dropped when they surface.
/// </para>
/// <para>
/// A clock that stands still or runs backwards moves nothing: only deadlines at or before the time given expire, and
/// the current unit never decreases.
/// </para>
/// </remarks>
internal sealed class TimingWheel
{
    private const int SlotBits = 6;
    private const int Slots = 1 << SlotBits;
    private const int Levels = 11; // 66 bits: covers every non-negative long unit
    private const int Unscheduled = -1;
    private const int InDueHeap = -2;
    private const int HeadBase = -16; // Prev <= HeadBase: head of bucket (HeadBase - Prev)

    private readonly long _tickTicks;
    private readonly int[] _heads = new int[Levels * Slots];
    private readonly ulong[] _occupied = new ulong[Levels];
    private Node[] _nodes;
    private DueItem[] _heap = new DueItem[64];
    private int _heapCount;
    private int _stamp;
    private long _currentUnit;
    private int _count;
    private bool _expiring;

    /// <summary>Creates a wheel with units of <paramref name="tick"/>, whose current time is <paramref name="startTicks"/>.</summary>
    public TimingWheel(TimeSpan tick, long startTicks, int capacity)
    {
        if (tick <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(tick), tick, "The tick must be longer than zero.");
        }

        if (startTicks < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(startTicks), startTicks, "Times are non-negative UTC ticks.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _tickTicks = tick.Ticks;
        _currentUnit = startTicks / _tickTicks;
        _heads.AsSpan().Fill(-1);
        _nodes = new Node[capacity];
        _nodes.AsSpan().Fill(new Node { Prev = Unscheduled, Next = -1 });
    }

    /// <summary>The length of one unit.</summary>
    public TimeSpan Tick => TimeSpan.FromTicks(_tickTicks);

    /// <summary>How many ids have a pending deadline.</summary>
    public int Count => _count;

    /// <summary>How many ids the wheel holds nodes for.</summary>
    public int Capacity => _nodes.Length;

    /// <summary>The start of the current unit: every deadline before it has expired or sits in the due heap.</summary>
    public long CurrentUnitStartTicks => _currentUnit * _tickTicks;

    /// <summary>Makes room for ids below <paramref name="capacity"/>.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (capacity <= _nodes.Length)
        {
            return;
        }

        int old = _nodes.Length;
        int size = Math.Max(capacity, (int)Math.Min(Array.MaxLength, Math.Max(16L, old * 2L)));
        Array.Resize(ref _nodes, size);
        _nodes.AsSpan(old).Fill(new Node { Prev = Unscheduled, Next = -1 });
    }

    /// <summary>True when <paramref name="id"/> has a pending deadline.</summary>
    public bool IsScheduled(int id) => (uint)id < (uint)_nodes.Length && _nodes[id].Prev != Unscheduled;

    /// <summary>The pending deadline of <paramref name="id"/>, or null.</summary>
    public long? DeadlineOf(int id) => IsScheduled(id) ? _nodes[id].Deadline : null;

    /// <summary>Schedules <paramref name="id"/> at <paramref name="deadlineTicks"/>, replacing any deadline it had.</summary>
    public void Schedule(int id, long deadlineTicks)
    {
        if ((uint)id >= (uint)_nodes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Ids run from 0 to {_nodes.Length - 1}; call EnsureCapacity first.");
        }

        if (deadlineTicks < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(deadlineTicks), deadlineTicks, "Deadlines are non-negative UTC ticks.");
        }

        ref Node node = ref _nodes[id];
        if (node.Prev != Unscheduled)
        {
            Unlink(ref node);
        }
        else
        {
            _count++;
        }

        node.Deadline = deadlineTicks;
        Place(id, ref node);
    }

    /// <summary>Cancels the deadline of <paramref name="id"/>; false when it had none.</summary>
    public bool Cancel(int id)
    {
        if ((uint)id >= (uint)_nodes.Length)
        {
            return false;
        }

        ref Node node = ref _nodes[id];
        if (node.Prev == Unscheduled)
        {
            return false;
        }

        Unlink(ref node);
        node.Prev = Unscheduled;
        node.Next = -1;
        _count--;
        return true;
    }

    /// <summary>
    /// Expires, in deadline order (ties by id), every deadline at or before <paramref name="nowTicks"/>, calling
    /// <paramref name="callback"/> for each; the callback may schedule and cancel (deadlines it schedules at or before
    /// <paramref name="nowTicks"/> expire in this call, in order). Returns how many expired.
    /// </summary>
    public int Advance<TCallback>(long nowTicks, ref TCallback callback)
        where TCallback : struct, ITimingWheelCallback
    {
        if (_expiring)
        {
            throw new InvalidOperationException("TimingWheel.Advance was called again from inside one of its own callbacks.");
        }

        _expiring = true;
        try
        {
            long target = Math.Max(0, nowTicks) / _tickTicks;
            int expired = 0;
            while (true)
            {
                expired += ExpireDue(nowTicks, ref callback);
                if (_currentUnit >= target)
                {
                    return expired;
                }

                if (!StepTo(target))
                {
                    _currentUnit = target;
                }
            }
        }
        finally
        {
            _expiring = false;
        }
    }

    private int ExpireDue<TCallback>(long nowTicks, ref TCallback callback)
        where TCallback : struct, ITimingWheelCallback
    {
        int expired = 0;
        while (_heapCount > 0 && _heap[0].Deadline <= nowTicks)
        {
            DueItem item = PopHeap();
            ref Node node = ref _nodes[item.Id];
            if (node.Prev != InDueHeap || node.Next != item.Stamp)
            {
                continue; // moved or cancelled since it was pushed
            }

            node.Prev = Unscheduled;
            node.Next = -1;
            _count--;
            expired++;
            callback.OnExpired(item.Id, item.Deadline);
        }

        return expired;
    }

    /// <summary>Moves the current unit to the start of the next non-empty bucket, if that is at or before <paramref name="target"/>, and spreads that bucket out.</summary>
    private bool StepTo(long target)
    {
        for (int level = 0; level < Levels; level++)
        {
            int shift = level * SlotBits;
            int digit = (int)((_currentUnit >> shift) & (Slots - 1));
            ulong mask = digit == Slots - 1 ? 0UL : _occupied[level] & (ulong.MaxValue << (digit + 1));
            if (mask == 0)
            {
                continue;
            }

            int slot = BitOperations.TrailingZeroCount(mask);
            int upperShift = shift + SlotBits;
            long upper = upperShift >= 63 ? 0 : (_currentUnit >> upperShift) << upperShift;
            long blockStart = upper | ((long)slot << shift);
            if (blockStart > target)
            {
                return false;
            }

            _currentUnit = blockStart;
            int bucket = (level * Slots) + slot;
            int id = _heads[bucket];
            _heads[bucket] = -1;
            _occupied[level] &= ~(1UL << slot);
            while (id >= 0)
            {
                ref Node node = ref _nodes[id];
                int next = node.Next;
                Place(id, ref node);
                id = next;
            }

            return true;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Place(int id, ref Node node)
    {
        long unit = node.Deadline / _tickTicks;
        if (unit <= _currentUnit)
        {
            int stamp = ++_stamp;
            node.Prev = InDueHeap;
            node.Next = stamp;
            PushHeap(new DueItem(node.Deadline, id, stamp));
            return;
        }

        int level = (63 - BitOperations.LeadingZeroCount((ulong)(unit ^ _currentUnit))) / SlotBits;
        int slot = (int)((unit >> (level * SlotBits)) & (Slots - 1));
        int bucket = (level * Slots) + slot;
        int head = _heads[bucket];
        node.Prev = HeadBase - bucket;
        node.Next = head;
        if (head >= 0)
        {
            _nodes[head].Prev = id;
        }

        _heads[bucket] = id;
        _occupied[level] |= 1UL << slot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Unlink(ref Node node)
    {
        int prev = node.Prev;
        if (prev == InDueHeap)
        {
            return; // the heap item goes stale: its stamp no longer matches
        }

        int next = node.Next;
        if (prev >= 0)
        {
            _nodes[prev].Next = next;
        }
        else
        {
            int bucket = HeadBase - prev;
            _heads[bucket] = next;
            if (next < 0)
            {
                _occupied[bucket >> SlotBits] &= ~(1UL << (bucket & (Slots - 1)));
            }
        }

        if (next >= 0)
        {
            _nodes[next].Prev = prev;
        }
    }

    private void PushHeap(DueItem item)
    {
        if (_heapCount == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        int i = _heapCount++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!item.Precedes(_heap[parent]))
            {
                break;
            }

            _heap[i] = _heap[parent];
            i = parent;
        }

        _heap[i] = item;
    }

    private DueItem PopHeap()
    {
        DueItem top = _heap[0];
        DueItem last = _heap[--_heapCount];
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= _heapCount)
            {
                break;
            }

            if (child + 1 < _heapCount && _heap[child + 1].Precedes(_heap[child]))
            {
                child++;
            }

            if (!_heap[child].Precedes(last))
            {
                break;
            }

            _heap[i] = _heap[child];
            i = child;
        }

        if (_heapCount > 0)
        {
            _heap[i] = last;
        }

        return top;
    }

    private struct Node
    {
        public long Deadline;
        public int Prev;
        public int Next;
    }

    private readonly struct DueItem(long deadline, int id, int stamp)
    {
        public readonly long Deadline = deadline;
        public readonly int Id = id;
        public readonly int Stamp = stamp;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Precedes(in DueItem other) => Deadline < other.Deadline || (Deadline == other.Deadline && Id < other.Id);
    }
}
