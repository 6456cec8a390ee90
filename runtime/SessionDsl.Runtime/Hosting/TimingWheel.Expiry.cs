using System.Numerics;

namespace SessionDsl.Hosting;

// The timing wheel, expiring what is due: the expiry loop, and stepping the current unit to the next one that holds something.
internal sealed partial class TimingWheel
{
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
}
