using SessionDsl.Orleans.Silo.Chats;

namespace SessionDsl.Orleans.Tests;

/// <summary>
/// What the cluster's feed must show after a load: each partition's positions once each, dense from 1; every change
/// following from the one before for its session; the rule across a partition's sessions never broken; every answered
/// change in it exactly where its answer said, and nothing applied that was not asked for (or asked twice).
/// </summary>
public static class FeedCheck
{
    public static FeedSummary Check(IReadOnlyList<ClusterFeedEntry> feed, IEnumerable<Call> calls)
    {
        var problems = new List<string>();
        var byPartition = feed.GroupBy(e => e.Partition).ToDictionary(g => g.Key, g => g.ToList());
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        var applied = new Dictionary<(string Key, string Event), int>();
        var timerLateness = new List<double>();
        var timers = new List<(long DueMs, double LatenessMs)>();
        foreach ((string partition, List<ClusterFeedEntry> entries) in byPartition)
        {
            var open = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < entries.Count; i++)
            {
                ChangeRecord c = entries[i].Change;
                if (c.Position != i + 1)
                {
                    problems.Add($"{partition}: feed entry {i + 1} has position {c.Position} (positions must be dense, once each)");
                    break;
                }

                if (c.Kind == "Started")
                {
                    if (!statuses.TryAdd(c.Key, c.To))
                    {
                        problems.Add($"{partition}@{c.Position}: {c.Key} started twice");
                    }
                }
                else if (!statuses.TryGetValue(c.Key, out string? status) || status != c.From)
                {
                    problems.Add($"{partition}@{c.Position}: {c.Kind} of {c.Key} from {c.From}, but it was {status ?? "not started"}");
                }

                statuses[c.Key] = c.To;
                if (c.Kind == "Transition")
                {
                    applied[(c.Key, c.Event!)] = applied.GetValueOrDefault((c.Key, c.Event!)) + 1;
                }

                if (c.Kind == "TimerFired")
                {
                    long publishedMs = long.Parse(entries[i].Id.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);
                    long dueMs = new DateTimeOffset(c.AtTicks, TimeSpan.Zero).ToUnixTimeMilliseconds();
                    timerLateness.Add(publishedMs - dueMs);
                    timers.Add((dueMs, publishedMs - dueMs));
                }

                if (c.To == nameof(ChatStatus.Ended))
                {
                    open.Remove(c.Key);
                }
                else
                {
                    open.Add(c.Key);
                }

                if (open.Count > 1)
                {
                    problems.Add($"{partition}@{c.Position}: {open.Count} chats open at once ({string.Join(", ", open)}); the rule allows one");
                }
            }
        }

        var asked = new Dictionary<(string Key, string Event), int>();
        foreach (Call call in calls)
        {
            // A replayed answer is still one request applied once: its first attempt was applied and stored, but the
            // answer was lost with its silo, and the client's retry (same request id) got the stored answer. It counts
            // like any other answer, so a request applied twice shows as more entries in the feed than answers.
            ClusterResult r = call.Result;
            if (r.Position > 0 && r.Succeeded)
            {
                if (!byPartition.TryGetValue(call.Partition, out List<ClusterFeedEntry>? entries) || entries.Count < r.Position)
                {
                    problems.Add($"{call.Partition}: answered {call.Operation} of {call.Key} at position {r.Position} is not in the feed (lost)");
                    continue;
                }

                ChangeRecord c = entries[(int)r.Position - 1].Change;
                if (c.Key != call.Key || (call.Event is { } e && (c.Event != e.ToString() || c.To != r.To)))
                {
                    problems.Add($"{call.Partition}@{r.Position}: the feed has {c.Kind} {c.Key} {c.Event} -> {c.To}, the answer said {call.Operation} {call.Key} {call.Event} -> {r.To}");
                }
            }

            if (call.Event is { } ev && r.Outcome == "Applied")
            {
                asked[(call.Key, ev.ToString())] = asked.GetValueOrDefault((call.Key, ev.ToString())) + 1;
            }
        }

        foreach ((var what, int count) in applied)
        {
            int answered = asked.GetValueOrDefault(what);
            if (answered != count)
            {
                problems.Add($"{what.Key}: {what.Event} is in the feed {count} times, but was answered as applied {answered} times");
            }
        }

        foreach ((var what, int count) in asked)
        {
            if (!applied.ContainsKey(what))
            {
                problems.Add($"{what.Key}: {what.Event} was answered as applied {count} times but is not in the feed");
            }
        }

        timerLateness.Sort();
        return new FeedSummary(problems, statuses, feed.Count, timerLateness) { Timers = timers };
    }
}

public sealed record FeedSummary(List<string> Problems, Dictionary<string, string> Statuses, int Changes, List<double> TimerLatenessMs)
{
    public double Percentile(double p) => TimerLatenessMs.Count == 0 ? 0 : TimerLatenessMs[Math.Min(TimerLatenessMs.Count - 1, (int)(p * TimerLatenessMs.Count))];

    public int TimersFired => TimerLatenessMs.Count;

    /// <summary>Each fired timer's deadline (Unix ms) and how late its change reached the feed.</summary>
    public List<(long DueMs, double LatenessMs)> Timers { get; init; } = [];

    public List<double> LatenessOfTimersDueAfter(DateTimeOffset instant) =>
        [.. Timers.Where(t => t.DueMs >= instant.ToUnixTimeMilliseconds()).Select(t => t.LatenessMs).Order()];
}
