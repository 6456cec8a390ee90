using System.Numerics;
using System.Runtime.CompilerServices;

namespace SessionDsl.Hosting;

// The timing wheel, sorting: the counting sorts that order a block run by unit, and the insertion sort of a level-0 run.
internal sealed partial class TimingWheel
{
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
}
