using SessionDsl.Hosting.Storage;

namespace SessionDsl.Hosting;

// Opening a host on a store: every stored session is read back by name (lifecycle, status, countdowns, options), under
// the migration's renames, attached and scheduled; sessions the registered definitions cannot take stop the open with
// a message that says which and how many. The catch-up (firing what came due while the host was down) follows in Open.
public sealed partial class SessionHost<TKey, TPartition, TStatus, TEvent>
{
    private void Restore(ISessionStore store, long now)
    {
        StoreHead head = store.Open();
        _storeDescription = head.Description;
        _nextPosition = head.LastPosition + 1;
        _durablePosition = head.LastPosition;
        _nextSequence = head.LastSequence + 1;
        Reserve(head.Sessions);

        StoreMigration migration = _options.Migration;
        bool renames = !migration.IsEmpty;
        var problems = new Dictionary<string, int>(StringComparer.Ordinal);
        var rewrite = new List<int>();
        long earliest = long.MaxValue;
        Span<long> countdowns = stackalloc long[SessionState<TStatus>.MaxCountdowns];
        foreach (StoredSession stored in store.ReadSessions())
        {
            string lifecycleName = renames ? migration.Lifecycle(stored.Lifecycle) : stored.Lifecycle;
            if (!_lifecyclesByName.TryGetValue(lifecycleName, out LifecycleAdapter<TStatus, TEvent>? adapter))
            {
                Note(problems, $"of lifecycle '{stored.Lifecycle}', which is not registered (registered: {string.Join(", ", _lifecyclesByName.Keys)})");
                continue;
            }

            string statusName = renames ? migration.Status(adapter.Name, stored.Status) : stored.Status;
            if (!adapter.TryGetStatus(statusName, out TStatus status))
            {
                Note(problems, $"of {adapter.Name} in status '{stored.Status}', which its definition does not have (its states: {adapter.StateList})");
                continue;
            }

            string optionsText = renames ? migration.Options(adapter.Name, stored.Options) : stored.Options;
            if (!adapter.TryInternOptionsText(optionsText, out int optionsIndex, out string? optionsError))
            {
                Note(problems, $"of {adapter.Name} with options '{stored.Options}' it cannot read: {optionsError}");
                continue;
            }

            countdowns.Clear();
            string? badTimer = null;
            for (int i = 0; i < countdowns.Length; i++)
            {
                StoredCountdown countdown = stored.Countdown(i);
                if (!countdown.IsRunning)
                {
                    continue;
                }

                string timer = renames ? migration.Timer(adapter.Name, countdown.Timer!) : countdown.Timer!;
                if (adapter.TryGetCountdownSlot(timer, out int slotOfTimer))
                {
                    countdowns[slotOfTimer] = countdown.StartedAtTicks;
                }
                else
                {
                    badTimer = countdown.Timer;
                }
            }

            if (badTimer is not null)
            {
                Note(problems, $"of {adapter.Name} with a running countdown '{badTimer}', which its definition does not declare (its countdowns: {string.Join(", ", adapter.CountdownNames.Where(n => n is not null))})");
                continue;
            }

            if (!KeyCodec<TKey>.TryFromStore(stored.Key, out TKey key) || !KeyCodec<TPartition>.TryFromStore(stored.Partition, out TPartition partition))
            {
                Note(problems, $"whose key or partition key is not a {typeof(TKey).Name} / {typeof(TPartition).Name} (for example key {stored.Key}, partition {stored.Partition})");
                continue;
            }

            if (_keys.ContainsKey(key) || problems.Count > 0)
            {
                if (_keys.ContainsKey(key))
                {
                    Note(problems, $"with a key another stored session has ({stored.Key})");
                }

                continue;
            }

            int slot = AllocateSlot();
            ref Session s = ref _sessions[slot];
            s.State = SessionState<TStatus>.FromTicks(status, stored.EnteredAtTicks, countdowns[0], countdowns[1], countdowns[2], countdowns[3]);
            s.StartedAtTicks = stored.StartedAtTicks;
            s.LastModifiedTicks = stored.LastModifiedTicks;
            s.Sequence = stored.Sequence;
            s.Key = key;
            s.Reason = stored.Reason;
            s.Lifecycle = adapter.Index;
            s.OptionsIndex = optionsIndex;
            s.Due = adapter.NextDeadlineTicks(in s.State, optionsIndex);
            Attach(slot, partition);
            if (s.Due >= 0 && s.Due < earliest)
            {
                earliest = s.Due;
            }

            // Written back under the current names (after renames, or options text of an older form) at the first commit.
            if (renames && (!ReferenceEquals(lifecycleName, stored.Lifecycle) || !ReferenceEquals(statusName, stored.Status) || !ReferenceEquals(optionsText, stored.Options) || HasRenamedTimer(stored, adapter, migration)))
            {
                rewrite.Add(slot);
            }
            else if (!string.Equals(adapter.OptionsText(optionsIndex), stored.Options, StringComparison.Ordinal))
            {
                rewrite.Add(slot);
            }
        }

        if (problems.Count > 0)
        {
            string list = string.Join(Environment.NewLine, problems.Select(p => $"  - {p.Value:N0} session{(p.Value == 1 ? string.Empty : "s")} {p.Key}"));
            throw new SessionStoreException(
                $"{head.Description} holds sessions the registered lifecycles cannot take, so the host did not open and nothing was changed:{Environment.NewLine}{list}{Environment.NewLine}" +
                "If a definition renamed a lifecycle, status, timer or option, map the old name with SessionHostOptions.Migration (RenameLifecycle, RenameStatus, RenameTimer, RenameOption); otherwise register the lifecycle those sessions belong to, or delete them from the store.");
        }

        _advancedTo = Math.Min(now, earliest);
        if (rewrite.Count > 0)
        {
            long start = BeginOp();
            foreach (int slot in rewrite)
            {
                RecordSession(slot);
            }

            EndOp(start);
        }
    }

    private static bool HasRenamedTimer(in StoredSession stored, LifecycleAdapter<TStatus, TEvent> adapter, StoreMigration migration)
    {
        for (int i = 0; i < SessionState<TStatus>.MaxCountdowns; i++)
        {
            if (stored.Countdown(i).Timer is { } timer && !ReferenceEquals(migration.Timer(adapter.Name, timer), timer))
            {
                return true;
            }
        }

        return false;
    }

    private static void Note(Dictionary<string, int> problems, string problem) =>
        problems[problem] = problems.GetValueOrDefault(problem) + 1;

    private void Reserve(long sessions)
    {
        // Room for what the store holds and as many again as the host was asked to make room for (a partition's grain
        // asks for 4, not the 1,024 a whole contact center's host starts with).
        int size = (int)Math.Min(Array.MaxLength, Math.Max(sessions + Math.Max(_options.Capacity, 1), _sessions.Length));
        if (size > _sessions.Length)
        {
            Array.Resize(ref _sessions, size);
            if (_touched is not null)
            {
                Array.Resize(ref _touched, size);
            }

            EnsureDeadlineCapacity(size);
        }

        _keys.EnsureCapacity(size);
    }
}
