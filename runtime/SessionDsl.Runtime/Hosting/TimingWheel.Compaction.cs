namespace SessionDsl.Hosting;

// The timing wheel, compaction: dropping stale entries when they outnumber live ones.
internal sealed partial class TimingWheel
{
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
}
