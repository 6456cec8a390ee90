using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

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
/// Time is cut into units of about one tick (see <see cref="Unit"/>). A deadline later than the current unit is a
/// 16-byte entry (deadline, id, version) appended to a bucket: level 0 has 4096 buckets, one per unit of the current
/// block of 4096 units (about an hour at a one-second tick); level 1 has 64 buckets used circularly, one per block for
/// the next 63 blocks (about 2.6 days), so a deadline up to that far ahead goes straight to the bucket its block is
/// sorted from, whatever boundaries lie between; above it, 8 levels of 64 buckets, where the level is the highest
/// base-64 digit in which the deadline's unit differs from the current unit and the bucket is that digit. A bucket is
/// a list of 32-entry chunks, so appending and cascading read and write memory in order, never chasing pointers from
/// entry to entry. Occupancy bitmasks find the next non-empty bucket with a trailing-zero count or two, so a clock
/// that jumps forward by days walks only the buckets that hold something, and each entry is moved at most once per
/// level (a 48-hour deadline never: it is written once, sorted once with its block, and read once).
/// </para>
/// <para>
/// When the current unit enters a new block, the level-1 bucket holding that block's deadlines is turned into one
/// sorted array, the block run: a counting sort by unit, each unit cut into up to eight keys when the block holds more
/// entries than units (visiting only the keys it fills, so a sparse block costs what it holds), then each key's few
/// entries sorted by deadline and id. Expiry reads the block run straight through, across units, without stepping
/// from slot to slot; the level-0 buckets then hold only deadlines scheduled into the block after it was sorted.
/// Those bound how far the block run may be read ahead (never past the first such unit), and when stepping reaches
/// one, its entries are sorted into a second run for that unit. Deadlines scheduled into the current unit (or
/// earlier) go to a small binary heap. Expiry takes from whichever of the three comes first, so within a tick timers
/// fire in deadline order and a deadline scheduled during expiry for a time already passed fires in the same call,
/// in order. A clock that stands still or runs backwards moves nothing: only deadlines at or before the time given
/// expire, and the current unit never decreases. Not thread-safe: the host calls it under its lock.
/// </para>
/// <para>
/// Each id has a 4-byte version: odd while a deadline is pending. Scheduling bumps it and appends a new entry;
/// cancelling bumps it; an entry whose version is no longer its id's is stale and is dropped when it is read for
/// expiry, never searched for. When stale entries outnumber live ones the buckets are compacted, so memory stays
/// within about twice the live entries. Steady state, a pending deadline costs 16 + 4 bytes plus chunk and bucket
/// overhead (about 22.5 bytes in all at a million ids), and the block run holds one block's entries.
/// </para>
/// <para>
/// At a million ids the entries and versions outgrow the caches: filling a chunk, reading the next chunk of a bucket
/// being sorted and checking the version of an entry about to expire each prefetch ahead, so memory is read while
/// work goes on instead of waited for.
/// </para>
/// </remarks>
internal sealed partial class TimingWheel
{
    private const int NearBits = 12;
    private const int NearSlots = 1 << NearBits; // level 0: 4096 units, about an hour at a one-second tick
    private const int SlotBits = 6;
    private const int Slots = 1 << SlotBits;
    private const int FarLevels = 9; // 12 + 9 * 6 = 66 bits: covers every non-negative long unit (level 1 is circular, the rest digits)
    private const int Buckets = NearSlots + (FarLevels * Slots);
    private const int ChunkSize = 32;
    private const int MaxSubKeyBits = 3; // the block's counting sort cuts a unit into up to 8 keys when the block is busy
    private const int PrefetchAhead = 16; // entries: far enough ahead for a version's cache line to arrive in time

    private readonly long _tickTicks;
    private readonly int _unitShift;
    private readonly Chunk?[] _heads = new Chunk?[Buckets];
    private readonly Chunk?[] _tails = new Chunk?[Buckets];
    private readonly ulong[] _occupied = new ulong[Buckets / 64]; // one bit per bucket
    private ulong _nearSummary; // bit w: word w of level 0's occupancy is not zero
    private uint[] _versions;
    private Chunk? _freeChunks;
    private Entry[] _heap = new Entry[64];
    private int _heapCount;
    private Entry[] _run = new Entry[64]; // the entries of one level-0 bucket reached by stepping, sorted
    private int _runStart;
    private int _runEnd;
    private Entry[] _block = new Entry[64]; // the block run: the current block's level-1 bucket, sorted
    private int _blockStart;
    private int _blockEnd;
    private long _blockLimit = long.MaxValue; // the block run is read only below this unit: the first occupied level-0 bucket's, or lower
    private int[] _keyCounts = new int[NearSlots]; // the counting sort's counts, all zero between sorts; grown for busy blocks
    private readonly ulong[] _touched = new ulong[NearSlots / 64]; // the units the counting sort of a sparse block fills
    private readonly int[] _blockEntries = new int[Slots]; // entries appended to each level-1 bucket since it was last sorted (compaction may leave it high)
    private long _currentUnit;
    private int _count;
    private long _stored;
    private long _compactAt = 4096;
    private bool _expiring;

    /// <summary>Creates a wheel with units of <paramref name="tick"/>, whose current time is <paramref name="startTicks"/>, for ids below <paramref name="capacity"/>.</summary>
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
        _unitShift = BitOperations.Log2((ulong)tick.Ticks);
        _currentUnit = startTicks >> _unitShift;
        _versions = new uint[capacity];
    }

    /// <summary>The tick asked for.</summary>
    public TimeSpan Tick => TimeSpan.FromTicks(_tickTicks);

    /// <summary>
    /// The wheel's unit: the largest power-of-two number of 100 ns ticks not longer than <see cref="Tick"/> (for one
    /// second, about 0.84 s), so that finding a deadline's unit is a shift, not a 64-bit division. Deadlines still
    /// expire exactly at their time: the unit only sets how the buckets cut time up.
    /// </summary>
    public TimeSpan Unit => TimeSpan.FromTicks(1L << _unitShift);

    /// <summary>How many ids have a pending deadline.</summary>
    public int Count => _count;

    /// <summary>How many entries the wheel stores, live and stale.</summary>
    public long Stored => _stored;

    /// <summary>How many ids the wheel has room for.</summary>
    public int Capacity => _versions.Length;

    /// <summary>Makes room for ids below <paramref name="capacity"/>.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (capacity <= _versions.Length)
        {
            return;
        }

        int size = Math.Max(capacity, (int)Math.Min(Array.MaxLength, Math.Max(16L, _versions.Length * 2L)));
        Array.Resize(ref _versions, size);
    }

    /// <summary>True when <paramref name="id"/> has a pending deadline.</summary>
    public bool IsScheduled(int id) => (uint)id < (uint)_versions.Length && (_versions[id] & 1) != 0;

    /// <summary>Schedules <paramref name="id"/> at <paramref name="deadlineTicks"/>, replacing any deadline it had.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Schedule(int id, long deadlineTicks)
    {
        if ((uint)id >= (uint)_versions.Length)
        {
            ThrowIdOutOfRange(id);
        }

        if (deadlineTicks < 0)
        {
            ThrowNegativeDeadline(deadlineTicks);
        }

        ref uint version = ref _versions[id];
        if ((version & 1) == 0)
        {
            version++;
            _count++;
        }
        else
        {
            version += 2;
        }

        Place(new Entry(deadlineTicks, id, version));
        if (_stored > _compactAt && _stored - _count > _count)
        {
            Compact();
            _compactAt = Math.Max(4096, _stored + (_stored >> 1));
        }
    }

    /// <summary>Cancels the deadline of <paramref name="id"/>; false when it had none.</summary>
    public bool Cancel(int id)
    {
        if (!IsScheduled(id))
        {
            return false;
        }

        _versions[id]++;
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
            long target = Math.Max(0, nowTicks) >> _unitShift;
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
                    // Nothing is left at or before the target unit: no need to look again.
                    _currentUnit = target;
                    _blockLimit = NearLimit();
                    return expired;
                }
            }
        }
        finally
        {
            _expiring = false;
        }
    }

    private void ThrowIdOutOfRange(int id) =>
        throw new ArgumentOutOfRangeException(nameof(id), id, $"Ids run from 0 to {_versions.Length - 1}; call EnsureCapacity first.");

    private static void ThrowNegativeDeadline(long deadlineTicks) =>
        throw new ArgumentOutOfRangeException(nameof(deadlineTicks), deadlineTicks, "Deadlines are non-negative UTC ticks.");

    private readonly struct Entry(long deadline, int id, uint version) : IComparable<Entry>
    {
        public readonly long Deadline = deadline;
        public readonly int Id = id;
        public readonly uint Version = version;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Precedes(in Entry other) => Deadline < other.Deadline || (Deadline == other.Deadline && Id < other.Id);

        public int CompareTo(Entry other) => Deadline != other.Deadline ? Deadline.CompareTo(other.Deadline) : Id.CompareTo(other.Id);
    }

    [InlineArray(ChunkSize)]
    private struct EntryBuffer
    {
        private Entry _first;
    }

    /// <summary>32 entries of one bucket, in one object of about 550 bytes.</summary>
    private sealed class Chunk
    {
        public EntryBuffer Items;
        public Chunk? Next;
        public int Count;
    }
}
