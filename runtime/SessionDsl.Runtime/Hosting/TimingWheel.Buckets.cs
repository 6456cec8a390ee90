using System.Numerics;
using System.Runtime.CompilerServices;

namespace SessionDsl.Hosting;

// The timing wheel, the buckets: placing entries by unit, chunked bucket lists and their pool, spreading a higher bucket into lower ones, the occupancy bitmaps.
internal sealed partial class TimingWheel
{
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
}
