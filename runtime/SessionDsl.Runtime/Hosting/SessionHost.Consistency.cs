namespace SessionDsl.Hosting;

// A check of the host's own bookkeeping against its sessions, for tests that restart, crash and fail stores: every key
// finds its session, every partition lists exactly its sessions in start order with counters that match their
// statuses, and every session's deadline is the one its lifecycle computes and the one the wheel holds.
public sealed partial class SessionHost<TKey, TPartition, TStatus, TEvent>
{
    /// <summary>Null when the bookkeeping agrees with the sessions; otherwise what disagrees first.</summary>
    internal string? CheckConsistency()
    {
        lock (_gate)
        {
            int live = 0;
            for (int slot = 0; slot < _highWater; slot++)
            {
                ref Session s = ref _sessions[slot];
                if (!s.Live)
                {
                    if (HasDeadline(slot))
                    {
                        return $"slot {slot} holds no session but has a deadline in the wheel";
                    }

                    continue;
                }

                live++;
                if (!_keys.TryGetValue(s.Key, out int found) || found != slot)
                {
                    return $"session {s.Key} (slot {slot}) is not found by its key";
                }

                LifecycleAdapter<TStatus, TEvent> adapter = _lifecycles[s.Lifecycle];
                long due = adapter.NextDeadlineTicks(in s.State, s.OptionsIndex);
                if (due != s.Due || HasDeadline(slot) != (due >= 0))
                {
                    return $"session {s.Key}: its lifecycle puts its next deadline at {due}, the host at {s.Due}, the wheel {(HasDeadline(slot) ? "has one" : "has none")}";
                }
            }

            if (live != _count || _keys.Count != _count)
            {
                return $"{live} sessions are live, the host counts {_count} and finds {_keys.Count} keys";
            }

            int partitions = 0;
            int listed = 0;
            Span<int> outside = stackalloc int[MaxCounters];
            foreach ((TPartition key, int p) in _partitionIndex)
            {
                partitions++;
                ref Partition part = ref _partitions[p];
                int count = 0;
                long sequence = long.MaxValue;
                int newer = -1;
                outside.Clear();
                for (int slot = part.Newest; slot >= 0; slot = _sessions[slot].Older)
                {
                    ref Session s = ref _sessions[slot];
                    if (!s.Live || s.Partition != p || s.Sequence >= sequence || s.Newer != newer)
                    {
                        return $"partition {key} lists session {s.Key} out of place";
                    }

                    for (int i = 0; i < _counterSets.Length; i++)
                    {
                        outside[i] += _counterSets[i].Contains(s.State.Status) ? 0 : 1;
                    }

                    sequence = s.Sequence;
                    newer = slot;
                    count++;
                }

                if (count != part.Count || count == 0)
                {
                    return $"partition {key} lists {count} sessions and counts {part.Count}";
                }

                for (int i = 0; i < _counterSets.Length; i++)
                {
                    if (outside[i] != Counter(p, i))
                    {
                        return $"partition {key}: {outside[i]} sessions are outside {_counterSets[i]}, its counter says {Counter(p, i)}";
                    }
                }

                listed += count;
            }

            if (partitions != _partitionCount || listed != _count)
            {
                return $"{partitions} partitions list {listed} sessions; the host counts {_partitionCount} partitions and {_count} sessions";
            }

            return null;
        }
    }
}
