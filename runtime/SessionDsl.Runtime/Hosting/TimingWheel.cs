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
internal sealed class TimingWheel
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

    private int ExpireDue<TCallback>(long nowTicks, ref TCallback callback)
        where TCallback : struct, ITimingWheelCallback
    {
        int expired = 0;
        int shift = _unitShift;
        while (true)
        {
            // The next due entry: the head of the block run (if below the first unit a level-0 bucket holds), of
            // the run (a level-0 bucket reached by stepping) or of the heap (deadlines scheduled into the current unit
            // since), whichever comes first.
            Entry item = default;
            int source = 0;
            if (_blockStart < _blockEnd)
            {
                ref readonly Entry head = ref _block[_blockStart];
                if ((head.Deadline >> shift) < _blockLimit)
                {
                    item = head;
                    source = 1;
                }
            }

            if (_runStart < _runEnd && (source == 0 || _run[_runStart].Precedes(item)))
            {
                item = _run[_runStart];
                source = 2;
            }

            if (_heapCount > 0 && (source == 0 || _heap[0].Precedes(item)))
            {
                item = _heap[0];
                source = 3;
            }

            if (source == 0 || item.Deadline > nowTicks)
            {
                break;
            }

            if (source == 1)
            {
                int ahead = _blockStart + PrefetchAhead;
                if (ahead < _blockEnd)
                {
                    PrefetchVersion(_block[ahead].Id);
                }

                if (++_blockStart == _blockEnd)
                {
                    _blockStart = _blockEnd = 0;
                }

                long unit = item.Deadline >> shift;
                if (unit > _currentUnit)
                {
                    _currentUnit = unit; // reading the block run moves the clock through its units
                }
            }
            else if (source == 2)
            {
                int ahead = _runStart + PrefetchAhead;
                if (ahead < _runEnd)
                {
                    PrefetchVersion(_run[ahead].Id);
                }

                if (++_runStart == _runEnd)
                {
                    _runStart = _runEnd = 0;
                }
            }
            else
            {
                PopHeap();
            }

            _stored--;
            ref uint version = ref _versions[item.Id];
            if (version != item.Version)
            {
                continue; // moved or cancelled since
            }

            version++;
            _count--;
            expired++;
            callback.OnExpired(item.Id, item.Deadline);
        }

        return expired;
    }

    /// <summary>
    /// Moves the current unit to the next unit that holds something (the block run's next unit, a level-0 bucket, or
    /// the start of the next non-empty higher bucket), if that is at or before <paramref name="target"/>, and spreads
    /// what it reaches. Called only when everything due up to the end of the current unit has expired, so the run
    /// and the heap are empty.
    /// </summary>
    private bool StepTo(long target)
    {
        long current = _currentUnit;
        int near = NextNearSlot((int)(current & (NearSlots - 1)));
        long nearUnit = near >= 0 ? (current & ~(long)(NearSlots - 1)) | (long)near : long.MaxValue;
        long blockUnit = _blockStart < _blockEnd ? _block[_blockStart].Deadline >> _unitShift : long.MaxValue;
        long start = Math.Min(nearUnit, blockUnit);
        if (start != long.MaxValue)
        {
            if (start > target)
            {
                return false;
            }

            _currentUnit = start;
            if (nearUnit == start)
            {
                SpreadNear(near);
            }

            _blockLimit = NearLimit();
            return true;
        }

        // Level 1 holds the next 63 blocks, circularly: its next occupied bucket after the current block's.
        long currentBlock = current >> NearBits;
        long blockStart = long.MaxValue;
        int blockBucket = 0;
        ulong near1 = _occupied[NearSlots / 64];
        if (near1 != 0)
        {
            int ahead = BitOperations.TrailingZeroCount(BitOperations.RotateRight(near1, (int)((currentBlock + 1) & (Slots - 1))));
            blockStart = (currentBlock + 1 + ahead) << NearBits;
            blockBucket = NearSlots + (int)((currentBlock + 1 + ahead) & (Slots - 1));
        }

        // Above it, the first level with an occupied bucket after the current unit's digit starts first.
        long farStart = long.MaxValue;
        int farBucket = 0;
        for (int level = 2; level <= FarLevels; level++)
        {
            int shift = NearBits + ((level - 1) * SlotBits);
            int digit = (int)((current >> shift) & (Slots - 1));
            ulong mask = digit == Slots - 1 ? 0UL : _occupied[(NearSlots / 64) + level - 1] & (ulong.MaxValue << (digit + 1));
            if (mask == 0)
            {
                continue;
            }

            int slot = BitOperations.TrailingZeroCount(mask);
            int upperShift = shift + SlotBits;
            long upper = upperShift >= 63 ? 0 : (current >> upperShift) << upperShift;
            farStart = upper | ((long)slot << shift);
            farBucket = NearSlots + ((level - 1) * Slots) + slot;
            break;
        }

        start = Math.Min(blockStart, farStart);
        if (start == long.MaxValue || start > target)
        {
            return false;
        }

        _currentUnit = start;
        if (blockStart < farStart)
        {
            SortBlock(Detach(blockBucket), TakeBlockEntries(blockBucket));
        }
        else
        {
            SpreadFar(farBucket);
        }

        _blockLimit = NearLimit();
        return true;
    }

    /// <summary>The unit of the first occupied level-0 bucket after the current unit, or <see cref="long.MaxValue"/>.</summary>
    private long NearLimit()
    {
        long current = _currentUnit;
        int near = NextNearSlot((int)(current & (NearSlots - 1)));
        return near >= 0 ? (current & ~(long)(NearSlots - 1)) | (long)near : long.MaxValue;
    }

    /// <summary>The first occupied level-0 slot after <paramref name="digit"/>, or -1.</summary>
    private int NextNearSlot(int digit)
    {
        int word = digit >> 6;
        int bit = digit & 63;
        ulong mask = bit == 63 ? 0UL : _occupied[word] & (ulong.MaxValue << (bit + 1));
        if (mask != 0)
        {
            return (word << 6) | BitOperations.TrailingZeroCount(mask);
        }

        ulong words = word == 63 ? 0UL : _nearSummary & (ulong.MaxValue << (word + 1));
        if (words == 0)
        {
            return -1;
        }

        int next = BitOperations.TrailingZeroCount(words);
        return (next << 6) | BitOperations.TrailingZeroCount(_occupied[next]);
    }

    private int TakeBlockEntries(int bucket)
    {
        int entries = _blockEntries[bucket - NearSlots];
        _blockEntries[bucket - NearSlots] = 0;
        return entries;
    }

    /// <summary>Takes the chunk list out of <paramref name="bucket"/>, leaving it empty.</summary>
    private Chunk? Detach(int bucket)
    {
        Chunk? head = _heads[bucket];
        _heads[bucket] = null;
        _tails[bucket] = null;
        ClearOccupied(bucket);
        return head;
    }

    /// <summary>Sorts the entries of level-0 bucket <paramref name="slot"/>, the current unit's, into the run (which is empty). Stale ones are dropped when read.</summary>
    private void SpreadNear(int slot)
    {
        Chunk? chunk = Detach(slot);
        int end = 0;
        while (chunk is not null)
        {
            int n = chunk.Count;
            if (end + n > _run.Length)
            {
                Array.Resize(ref _run, Math.Max(end + n, _run.Length * 2));
            }

            chunk.Items[..n].CopyTo(_run.AsSpan(end));
            end += n;
            Chunk? next = chunk.Next;
            Release(chunk);
            chunk = next;
        }

        _runStart = 0;
        _runEnd = end;
        SortRun(_run.AsSpan(0, end));
    }

    /// <summary>
    /// Spreads a bucket above level 1 out, relative to the new current unit (the start of its range): the entries of
    /// the current block are sorted into the block run, the rest placed in lower levels. Stale entries are carried
    /// along and dropped when read, like the others (compaction keeps their number down).
    /// </summary>
    private void SpreadFar(int bucket)
    {
        // The level-1 bucket of the current block holds this block's deadlines placed while it was up to 63 blocks
        // ahead, or nothing: collect the rest of the block's entries in it too, then sort them all into the block run.
        long current = _currentUnit;
        int stash = NearSlots + (int)((current >> NearBits) & (Slots - 1));
        Chunk? chunk = Detach(bucket);
        while (chunk is not null)
        {
            int n = chunk.Count;
            _stored -= n;
            for (int i = 0; i < n; i++)
            {
                ref readonly Entry entry = ref chunk.Items[i];
                if ((entry.Deadline >> _unitShift >> NearBits) == (current >> NearBits))
                {
                    _stored++;
                    _blockEntries[stash - NearSlots]++;
                    Append(stash, entry);
                }
                else
                {
                    Place(entry);
                }
            }

            Chunk? next = chunk.Next;
            Release(chunk);
            chunk = next;
        }

        Chunk? block = Detach(stash);
        int expected = TakeBlockEntries(stash);
        if (block is not null)
        {
            SortBlock(block, expected);
        }
    }

    /// <summary>
    /// Sorts the chunk list <paramref name="head"/> (the deadlines of the block the current unit has just entered)
    /// into the block run, which is empty, as are the level-0 buckets: a counting sort by unit that visits only the
    /// units it fills (found from a bitmap, in order), so a sparse bucket costs in proportion to its entries, not to
    /// the 4096 units; then each unit's entries sorted by deadline and id where they lie. <paramref name="expected"/>
    /// is how many entries the bucket received (compaction may have dropped some since).
    /// </summary>
    private void SortBlock(Chunk? head, int expected)
    {
        // A block expected to hold more entries than units is counted by parts of a unit instead (see SortBusyBlock).
        if (expected >= NearSlots)
        {
            // 2^sub parts a unit, so that keys are about as many as entries: at a million deadlines over two days
            // (21,000 a block) a key holds 0.6 on average. Units shorter than 2^sub ticks are cut into ticks.
            int sub = Math.Min(MaxSubKeyBits, BitOperations.Log2((uint)expected >> NearBits) + 1);
            SortBusyBlock(head, Math.Max(0, _unitShift - sub), NearSlots << sub);
            return;
        }

        int shift = _unitShift;
        const int KeyMask = NearSlots - 1;
        int[] counts = _keyCounts;
        ulong[] touched = _touched;

        // No version checks here (a random read per entry at 10^6 sessions): stale entries are carried along and
        // dropped when read for expiry, which reads the version anyway.
        int total = 0;
        for (Chunk? chunk = head; chunk is not null; chunk = chunk.Next)
        {
            PrefetchChunk(chunk.Next); // chunks lie apart in memory: fetch the next one while this one is read
            int n = chunk.Count;
            for (int i = 0; i < n; i++)
            {
                int key = (int)((chunk.Items[i].Deadline >> shift) & KeyMask);
                counts[key]++;
                touched[key >> 6] |= 1UL << key;
            }

            total += n;
        }

        int position = 0;
        for (int word = 0; word < touched.Length; word++)
        {
            for (ulong bits = touched[word]; bits != 0; bits &= bits - 1)
            {
                int key = (word << 6) | BitOperations.TrailingZeroCount(bits);
                int count = counts[key];
                counts[key] = position;
                position += count;
            }
        }

        Entry[] block = ScatterIntoBlock(head, total, shift, KeyMask, counts);

        // Each unit's entries now end where its count says: sort each range, and zero the counts for the next sort.
        int from = 0;
        for (int word = 0; word < touched.Length; word++)
        {
            ulong bits = touched[word];
            if (bits == 0)
            {
                continue;
            }

            touched[word] = 0;
            do
            {
                int key = (word << 6) | BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                int to = counts[key];
                counts[key] = 0;
                if (to - from > 1)
                {
                    SortRun(block.AsSpan(from, to - from));
                }

                from = to;
            }
            while (bits != 0);
        }

        _blockStart = 0;
        _blockEnd = total;
    }

    /// <summary>
    /// The counting sort's second pass, shared by both sorts: moves every entry of the chunk list into the block at its
    /// key's next position (<paramref name="counts"/> holds each key's start and ends holding its end) and returns the
    /// chunks to the pool.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Entry[] ScatterIntoBlock(Chunk? head, int total, int shift, int keyMask, int[] counts)
    {
        if (_block.Length < total)
        {
            _block = new Entry[Math.Max(total, _block.Length * 2)];
        }

        Entry[] block = _block;
        Chunk? c = head;
        while (c is not null)
        {
            int n = c.Count;
            for (int i = 0; i < n; i++)
            {
                ref readonly Entry entry = ref c.Items[i];
                block[counts[(int)((entry.Deadline >> shift) & keyMask)]++] = entry;
            }

            Chunk? next = c.Next;
            Release(c);
            c = next;
        }

        return block;
    }

    /// <summary>
    /// <see cref="SortBlock"/> for a block expected to hold more entries than units: every key is visited in turn (no
    /// bitmap of the keys filled), and the keys, about as many as entries, leave so little out of order that one
    /// insertion pass over the whole block finishes the sort, unless some key holds many entries.
    /// </summary>
    private void SortBusyBlock(Chunk? head, int shift, int keys)
    {
        const int InsertAtMost = 24;
        if (_keyCounts.Length < keys)
        {
            _keyCounts = new int[keys]; // once, to at most 128 KB
        }

        int keyMask = keys - 1;
        int[] counts = _keyCounts;
        int total = 0;
        for (Chunk? chunk = head; chunk is not null; chunk = chunk.Next)
        {
            PrefetchChunk(chunk.Next); // chunks lie apart in memory: fetch the next one while this one is read
            int n = chunk.Count;
            for (int i = 0; i < n; i++)
            {
                counts[(int)((chunk.Items[i].Deadline >> shift) & keyMask)]++;
            }

            total += n;
        }

        int position = 0;
        int most = 0;
        for (int key = 0; key < keys; key++)
        {
            int count = counts[key];
            most = Math.Max(most, count);
            counts[key] = position;
            position += count;
        }

        Entry[] block = ScatterIntoBlock(head, total, shift, keyMask, counts);

        if (most <= InsertAtMost)
        {
            // Keys are in order, so an entry is out of place only among its key's few: one insertion pass.
            for (int i = 1; i < total; i++)
            {
                Entry item = block[i];
                if (!item.Precedes(block[i - 1]))
                {
                    continue;
                }

                int j = i - 1;
                do
                {
                    block[j + 1] = block[j];
                    j--;
                }
                while (j >= 0 && item.Precedes(block[j]));
                block[j + 1] = item;
            }
        }
        else
        {
            int from = 0;
            for (int key = 0; key < keys; key++)
            {
                SortRun(block.AsSpan(from, counts[key] - from));
                from = counts[key];
            }
        }

        Array.Clear(counts, 0, keys);
        _blockStart = 0;
        _blockEnd = total;
    }

    private static void SortRun(Span<Entry> run)
    {
        if (run.Length > 24)
        {
            // A big run is often in order already (deadlines set together, appended in id order): check first.
            for (int i = 1; i < run.Length; i++)
            {
                if (run[i].Precedes(run[i - 1]))
                {
                    run.Sort(); // Entry is IComparable<Entry>: no comparer, so nothing is allocated
                    return;
                }
            }

            return;
        }

        for (int i = 1; i < run.Length; i++)
        {
            Entry item = run[i];
            int j = i - 1;
            while (j >= 0 && item.Precedes(run[j]))
            {
                run[j + 1] = run[j];
                j--;
            }

            run[j + 1] = item;
        }
    }

    private void SetOccupied(int bucket)
    {
        _occupied[bucket >> 6] |= 1UL << (bucket & 63);
        if (bucket < NearSlots)
        {
            _nearSummary |= 1UL << (bucket >> 6);
        }
    }

    private void ClearOccupied(int bucket)
    {
        ref ulong word = ref _occupied[bucket >> 6];
        word &= ~(1UL << (bucket & 63));
        if (word == 0 && bucket < NearSlots)
        {
            _nearSummary &= ~(1UL << (bucket >> 6));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Place(in Entry entry)
    {
        _stored++;
        long unit = entry.Deadline >> _unitShift;
        if (unit <= _currentUnit)
        {
            PushHeap(entry);
            return;
        }

        long blocksAhead = (unit >> NearBits) - (_currentUnit >> NearBits);
        int bucket;
        if (blocksAhead == 0)
        {
            bucket = (int)(unit & (NearSlots - 1));
            if (unit < _blockLimit)
            {
                _blockLimit = unit; // the block run must not be read past this unit before its bucket is reached
            }
        }
        else if (blocksAhead < Slots)
        {
            int block = (int)((unit >> NearBits) & (Slots - 1)); // level 1 is circular: the next 63 blocks
            _blockEntries[block]++;
            bucket = NearSlots + block;
        }
        else
        {
            ulong differ = (ulong)(unit ^ _currentUnit);
            // The highest base-64 digit above level 0 in which the unit differs from the current unit.
            int level = 1 + ((63 - BitOperations.LeadingZeroCount(differ) - NearBits) / SlotBits);
            int shift = NearBits + ((level - 1) * SlotBits);
            bucket = NearSlots + ((level - 1) * Slots) + (int)((unit >> shift) & (Slots - 1));
        }

        Append(bucket, entry);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(int bucket, in Entry entry)
    {
        Chunk? tail = _tails[bucket];
        if (tail is null || tail.Count == ChunkSize)
        {
            tail = AppendChunk(bucket, tail);
            SetOccupied(bucket);
        }

        int at = tail.Count++;
        tail.Items[at] = entry;
        // Two cache lines ahead in the chunk being filled; never past its end, because a reference outside the array
        // would be one the garbage collector could see and misread, even though the hint itself never faults.
        Prefetch(ref Unsafe.Add(ref tail.Items[0], Math.Min(at + 8, ChunkSize - 1)));
    }

    private Chunk AppendChunk(int bucket, Chunk? tail)
    {
        Chunk chunk = _freeChunks ?? new Chunk();
        _freeChunks = chunk.Next;
        chunk.Next = null;
        chunk.Count = 0;
        if (tail is null)
        {
            _heads[bucket] = chunk;
        }
        else
        {
            tail.Next = chunk;
        }

        _tails[bucket] = chunk;
        return chunk;
    }

    private void Release(Chunk chunk)
    {
        chunk.Count = 0;
        chunk.Next = _freeChunks;
        _freeChunks = chunk;
    }

    /// <summary>Drops every stale entry from the buckets, keeping the live ones in order. Amortized O(1): it runs only after as many schedules as there are live entries.</summary>
    private void Compact()
    {
        uint[] versions = _versions;
        for (int bucket = 0; bucket < _heads.Length; bucket++)
        {
            Chunk? write = _heads[bucket];
            if (write is null)
            {
                continue;
            }

            int kept = 0;
            for (Chunk? read = write; read is not null; read = read.Next)
            {
                int n = read.Count;
                for (int i = 0; i < n; i++)
                {
                    Entry entry = read.Items[i];
                    if (versions[entry.Id] != entry.Version)
                    {
                        continue;
                    }

                    if (kept == ChunkSize)
                    {
                        write.Count = kept;
                        write = write.Next!;
                        kept = 0;
                    }

                    write.Items[kept++] = entry;
                }

                _stored -= n;
            }

            write.Count = kept;
            _stored += CountEntries(_heads[bucket]!, write);
            Chunk? rest = write.Next;
            write.Next = null;
            _tails[bucket] = write;
            while (rest is not null)
            {
                Chunk? next = rest.Next;
                Release(rest);
                rest = next;
            }

            if (kept == 0 && ReferenceEquals(write, _heads[bucket]))
            {
                Release(write);
                _heads[bucket] = null;
                _tails[bucket] = null;
                ClearOccupied(bucket); // a level-0 unit left in _blockLimit is only a bound: stepping recomputes it
            }
        }
    }

    private static long CountEntries(Chunk head, Chunk last)
    {
        long total = 0;
        for (Chunk? c = head; c is not null; c = ReferenceEquals(c, last) ? null : c.Next)
        {
            total += c.Count;
        }

        return total;
    }

    private void PushHeap(in Entry item)
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

    private void PopHeap()
    {
        Entry last = _heap[--_heapCount];
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
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchVersion(int id)
    {
        if ((uint)id < (uint)_versions.Length)
        {
            Prefetch(ref _versions[id]);
        }
    }

    private static void PrefetchChunk(Chunk? chunk)
    {
        if (chunk is not null)
        {
            ref Entry first = ref chunk.Items[0];
            for (int i = 0; i < ChunkSize; i += 4)
            {
                Prefetch(ref Unsafe.Add(ref first, i));
            }
        }
    }

    /// <summary>
    /// Asks the processor to bring <paramref name="location"/>'s cache line in. Only a hint: it never faults, and a
    /// garbage collection moving the array only makes it useless. Callers keep the location inside its array.
    /// At a million sessions the entries and versions outgrow the caches, and without it every fired entry's version
    /// and every new line of a chunk being filled is a wait on memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<T>(ref T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref location));
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
