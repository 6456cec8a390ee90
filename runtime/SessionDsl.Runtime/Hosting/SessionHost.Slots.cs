using System.Runtime.CompilerServices;

namespace SessionDsl.Hosting;

// Where sessions live: slots in one array of structs, found by the application's key; partitions in another, each
// with its sessions in start order (a doubly linked list through the slots) and counters the rules read. A session is
// attached (findable, counted, scheduled) or detached; everything else about it is its slot's data.
public sealed partial class SessionHost<TKey, TPartition, TStatus, TEvent>
{
    private readonly Dictionary<TKey, int> _keys;
    private readonly Dictionary<TPartition, int> _partitionIndex;
    private Session[] _sessions;
    private Partition[] _partitions;
    private int _highWater;
    private int _freeHead = -1;
    private int _count;
    private int _partitionHighWater;
    private int _partitionFreeHead = -1;
    private int _partitionCount;

    private int AllocateSlot()
    {
        int slot;
        if (_freeHead >= 0)
        {
            slot = _freeHead;
            _freeHead = _sessions[slot].Older;
        }
        else
        {
            if (_highWater == _sessions.Length)
            {
                int size = (int)Math.Min(Array.MaxLength, _sessions.Length * 2L);
                if (size == _sessions.Length)
                {
                    throw new InvalidOperationException($"The host holds {_sessions.Length:N0} sessions, as many as it can.");
                }

                Array.Resize(ref _sessions, size);
                if (_touched is not null)
                {
                    Array.Resize(ref _touched, size);
                }

                EnsureDeadlineCapacity(size);
            }

            slot = _highWater++;
        }

        _sessions[slot].Older = -1;
        _sessions[slot].Live = false;
        return slot;
    }

    /// <summary>Gives a detached slot back; with per-call commits only once the operation is committed, so an undo can still attach it.</summary>
    private void FreeSlot(int slot)
    {
        if (_undo is not null)
        {
            _pendingFree.Add(slot);
            return;
        }

        Release(slot);
    }

    private void Release(int slot)
    {
        ref Session s = ref _sessions[slot];
        s = default; // drop the key, the reason and the state
        s.Due = -1;
        s.Older = _freeHead;
        _freeHead = slot;
    }

    /// <summary>Makes the session in <paramref name="slot"/> findable by its key, counted in its partition and scheduled.</summary>
    private void Attach(int slot, TPartition partition)
    {
        ref Session s = ref _sessions[slot];
        _keys.Add(s.Key, slot);
        if (!_partitionIndex.TryGetValue(partition, out int p))
        {
            p = AllocatePartition(partition);
        }

        s.Partition = p;
        s.Live = true;
        ref Partition part = ref _partitions[p];

        // Insert in start order: a new session is the newest, so this is one step except when an undo puts one back.
        int newer = -1;
        int older = part.Newest;
        while (older >= 0 && _sessions[older].Sequence > s.Sequence)
        {
            newer = older;
            older = _sessions[older].Older;
        }

        s.Older = older;
        s.Newer = newer;
        if (older >= 0)
        {
            _sessions[older].Newer = slot;
        }

        if (newer >= 0)
        {
            _sessions[newer].Older = slot;
        }
        else
        {
            part.Newest = slot;
        }

        part.Count++;
        CountStatus(p, s.State.Status, +1);
        _count++;
        if (s.Due >= 0)
        {
            ScheduleDeadline(slot, s.Due);
        }
    }

    /// <summary>The reverse of <see cref="Attach"/>; a partition left with no session is forgotten.</summary>
    private void Detach(int slot)
    {
        ref Session s = ref _sessions[slot];
        _keys.Remove(s.Key);
        int p = s.Partition;
        ref Partition part = ref _partitions[p];
        if (s.Older >= 0)
        {
            _sessions[s.Older].Newer = s.Newer;
        }

        if (s.Newer >= 0)
        {
            _sessions[s.Newer].Older = s.Older;
        }
        else
        {
            part.Newest = s.Older;
        }

        CountStatus(p, s.State.Status, -1);
        if (--part.Count == 0)
        {
            ReleasePartition(p);
        }

        _count--;
        CancelDeadline(slot);
        s.Live = false;
        s.Older = s.Newer = -1;
    }

    private int AllocatePartition(TPartition key)
    {
        int p;
        if (_partitionFreeHead >= 0)
        {
            p = _partitionFreeHead;
            _partitionFreeHead = _partitions[p].NextFree;
        }
        else
        {
            if (_partitionHighWater == _partitions.Length)
            {
                Array.Resize(ref _partitions, (int)Math.Min(Array.MaxLength, _partitions.Length * 2L));
            }

            if (_counters.Length < (_partitionHighWater + 1) * _counterSets.Length)
            {
                Array.Resize(ref _counters, _partitions.Length * _counterSets.Length);
            }

            p = _partitionHighWater++;
        }

        _partitions[p] = new Partition { Key = key, Newest = -1, NextFree = -1 };
        _counters.AsSpan(p * _counterSets.Length, _counterSets.Length).Clear();
        _partitionIndex.Add(key, p);
        _partitionCount++;
        return p;
    }

    private void ReleasePartition(int p)
    {
        _partitionIndex.Remove(_partitions[p].Key);
        _partitions[p] = new Partition { Newest = -1, NextFree = _partitionFreeHead };
        _partitionFreeHead = p;
        _partitionCount--;
    }

    private void StatusChanged(ref Session s, TStatus from, TStatus to)
    {
        if (_counterSets.Length == 0)
        {
            return;
        }

        CountStatus(s.Partition, from, -1);
        CountStatus(s.Partition, to, +1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountStatus(int partition, TStatus status, int delta)
    {
        EnumSet<TStatus>[] sets = _counterSets;
        for (int i = 0; i < sets.Length; i++)
        {
            if (!sets[i].Contains(status))
            {
                Counter(partition, i) += delta;
            }
        }
    }

    /// <summary>Partition <paramref name="partition"/>'s counter <paramref name="index"/>: how many of its sessions are outside that requireOthersIn status set.</summary>
    private ref int Counter(int partition, int index) => ref _counters[(partition * _counterSets.Length) + index];
}
