namespace SessionDsl.Hosting;

// The rules the definitions declare (rules:), compiled when the host opens and checked against the partition's other
// sessions. A requireOthersIn rule reads one of the partition's counters (sessions outside its statuses), so the check
// is O(1); only a refusal walks the partition, to name a session that is in the way.
public sealed partial class SessionHost<TKey, TPartition, TStatus, TEvent>
{
    private const int MaxCounters = 4;

    private EnumSet<TStatus>[] _counterSets = [];

    // The partitions' counters, one row of _counterSets.Length per partition (none when no rule needs them).
    private int[] _counters = [];

    private void CompileRules()
    {
        var sets = new List<EnumSet<TStatus>>();
        int CounterFor(EnumSet<TStatus> statuses)
        {
            int index = sets.FindIndex(s => s.SameAs(statuses));
            if (index < 0 && sets.Count < MaxCounters)
            {
                sets.Add(statuses);
                index = sets.Count - 1;
            }

            return index; // -1: more distinct sets than counters; such a rule walks the partition
        }

        foreach (LifecycleAdapter<TStatus, TEvent> adapter in _lifecycles)
        {
            var startRules = new List<OthersRule<TStatus, TEvent>>();
            var eventRules = new Dictionary<int, List<OthersRule<TStatus, TEvent>>>();
            var deleteRules = new List<StatusRule<TStatus, TEvent>>();
            var mergeRules = new List<StatusRule<TStatus, TEvent>>();
            foreach (RuleInfo<TStatus, TEvent> rule in adapter.Description.Rules)
            {
                var statuses = new EnumSet<TStatus>(rule.Statuses);
                switch (rule.Kind)
                {
                    case RuleKind.RequireOthersIn:
                        var others = new OthersRule<TStatus, TEvent>(rule, adapter.Name, statuses, CounterFor(statuses));
                        if (rule.On.Count == 0)
                        {
                            startRules.Add(others);
                        }

                        foreach (TEvent e in rule.On)
                        {
                            int index = EnumIndex<TEvent>.Of(e);
                            if (!eventRules.TryGetValue(index, out List<OthersRule<TStatus, TEvent>>? list))
                            {
                                eventRules[index] = list = [];
                            }

                            list.Add(others);
                        }

                        break;
                    case RuleKind.DeleteOnlyIn:
                        deleteRules.Add(new(rule, adapter.Name, statuses));
                        break;
                    case RuleKind.MergeRepeatedIn:
                        mergeRules.Add(new(rule, adapter.Name, statuses));
                        break;
                    default:
                        throw new NotSupportedException($"{adapter.Name}: rule '{rule.Name}' is of kind {rule.Kind}, which this host does not know; update SessionDsl.Runtime to the generator's version.");
                }
            }

            adapter.StartRules = [.. startRules];
            adapter.DeleteRules = [.. deleteRules];
            adapter.MergeRules = [.. mergeRules];
            foreach (KeyValuePair<int, List<OthersRule<TStatus, TEvent>>> pair in eventRules)
            {
                adapter.EventRules[pair.Key] = [.. pair.Value];
            }
        }

        _counterSets = [.. sets];
        _counters = new int[_partitions.Length * _counterSets.Length];
    }

    /// <summary>Null when every rule holds for partition <paramref name="partition"/> (ignoring <paramref name="self"/>); otherwise the refusal, naming the rule and a session in the way.</summary>
    private Refusal<TKey, TStatus, TEvent>? CheckOthers(OthersRule<TStatus, TEvent>[]? rules, int partition, int self, in Attempt what)
    {
        if (rules is null || partition < 0)
        {
            return null;
        }

        ref Partition part = ref _partitions[partition];
        foreach (OthersRule<TStatus, TEvent> rule in rules)
        {
            int outside;
            if (rule.Counter >= 0)
            {
                outside = Counter(partition, rule.Counter);
                if (self >= 0 && !rule.Statuses.Contains(_sessions[self].State.Status))
                {
                    outside--;
                }
            }
            else
            {
                outside = FindOutside(part.Newest, self, rule.Statuses) >= 0 ? 1 : 0;
            }

            if (outside > 0)
            {
                int blocking = FindOutside(part.Newest, self, rule.Statuses);
                ref Session other = ref _sessions[blocking];
                string message = $"Refused by rule '{rule.Rule.Name}' of {rule.Lifecycle}: {what} needs every other session of partition {KeyCodec<TPartition>.Format(part.Key)} to be in {rule.Statuses}, and session {KeyCodec<TKey>.Format(other.Key)} ({_lifecycles[other.Lifecycle].Name}) is {EnumIndex<TStatus>.Name(other.State.Status)}.";
                return new(message, rule.Rule, hasOther: true, other.Key);
            }
        }

        return null;
    }

    /// <summary>What a rule was asked to allow, put into words only for a refusal.</summary>
    private readonly record struct Attempt(string Lifecycle, TEvent? Event, bool Existing, TKey? Key)
    {
        public override string ToString() => Event is not { } e
            ? $"starting a session of {Lifecycle}"
            : Existing
                ? $"{EnumIndex<TEvent>.Name(e)} on session {KeyCodec<TKey>.Format(Key!)} of {Lifecycle}"
                : $"{EnumIndex<TEvent>.Name(e)} on a new session of {Lifecycle}";
    }

    private int FindOutside(int newest, int self, EnumSet<TStatus> statuses)
    {
        for (int slot = newest; slot >= 0; slot = _sessions[slot].Older)
        {
            if (slot != self && !statuses.Contains(_sessions[slot].State.Status))
            {
                return slot;
            }
        }

        return -1;
    }
}
