using System.Globalization;
using System.Text;
using SessionDsl.Messaging;

namespace ContactCenter;

/// <summary>
/// What the host refused during the replay, which its feed does not hold (a refused event changes nothing): counts by
/// lifecycle, status, event and why, events for sessions that were never created, and the sessions merged away. Kept
/// as a checkpoint in the store, so a resumed day counts what the interrupted run refused.
/// </summary>
internal sealed class RefusalTallies
{
    private readonly Dictionary<(LifecycleKind Lifecycle, MessagingSessionStatus Status, MessagingSessionEvent Event, string Outcome), int> _counts = [];

    /// <summary>Events for a session that does not exist: never created (its opening was refused) or merged away.</summary>
    public int NoSession { get; set; }

    /// <summary>Sessions merged into an earlier one by a rule.</summary>
    public HashSet<int> Merged { get; } = [];

    public IEnumerable<KeyValuePair<(LifecycleKind Lifecycle, MessagingSessionStatus Status, MessagingSessionEvent Event, string Outcome), int>> Counts => _counts;

    public void Add(LifecycleKind lifecycle, MessagingSessionStatus status, MessagingSessionEvent @event, string outcome)
    {
        var key = (lifecycle, status, @event, outcome);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }

    /// <summary>One line per count, then the no-session count and the merged sessions.</summary>
    public string Save()
    {
        var text = new StringBuilder();
        foreach (var ((lifecycle, status, @event, outcome), count) in _counts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{lifecycle},{status},{@event},{outcome},{count}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"no-session,{NoSession}\n");
        text.Append("merged,").AppendJoin(' ', Merged).Append('\n');
        return text.ToString();
    }

    public void Load(string? text)
    {
        if (text is null)
        {
            return;
        }

        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(',');
            if (parts[0] == "no-session")
            {
                NoSession = int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            else if (parts[0] == "merged")
            {
                Merged.UnionWith(parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)));
            }
            else
            {
                _counts[(Enum.Parse<LifecycleKind>(parts[0]), Enum.Parse<MessagingSessionStatus>(parts[1]), Enum.Parse<MessagingSessionEvent>(parts[2]), parts[3])] =
                    int.Parse(parts[4], CultureInfo.InvariantCulture);
            }
        }
    }
}
