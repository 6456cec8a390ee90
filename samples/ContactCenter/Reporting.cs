using System.Diagnostics;
using SessionDsl;
using SessionDsl.Hosting;
using SessionDsl.Messaging;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace ContactCenter;

/// <summary>
/// Builds the day's report from what the host kept: the feed, read from the first change (starts, transitions, timers
/// with their deadlines, merges), the sessions it holds at the end, and the refusal tallies. Nothing comes from the
/// replay's memory, so a day resumed after a crash reports what an uninterrupted day does.
/// </summary>
internal static class Reporting
{
    private static readonly LifecycleDescription<S, E>[] Descriptions =
        [EnhancedCustomerInitiated.Description, EnhancedBusinessInitiated.Description, StandardCustomerInitiated.Description, StandardBusinessInitiated.Description];

    public static SimulationReport Build(SimulationOptions options, TrafficScript script, SessionHost<long, string, S, E> host, RefusalTallies tallies, int resumedAt, DateTimeOffset from, DateTimeOffset lastEvent, DateTimeOffset end, Stopwatch wallClock, TimeSpan replay, string? storePath) =>
        Build(options, script, Changes(host), key => host.TryGet(key, out SessionView<long, string, S> view) ? view.NextDeadline : null, tallies, resumedAt, from, lastEvent, end, wallClock, replay, storePath);

    /// <summary>The report from any source of the day's changes (a host's feed, or the cluster's) and of the sessions' deadlines at the end.</summary>
    public static SimulationReport Build(SimulationOptions options, TrafficScript script, IEnumerable<SessionChange<long, string, S, E>> changes, Func<long, DateTimeOffset?> nextDeadline, RefusalTallies tallies, int resumedAt, DateTimeOffset from, DateTimeOffset lastEvent, DateTimeOffset end, Stopwatch wallClock, TimeSpan replay, string? storePath)
    {
        var sessions = new Dictionary<long, Folded>();
        var lifecycles = Descriptions.Select(d => new Totals(d)).ToArray();
        long feedLength = 0;
        foreach (SessionChange<long, string, S, E> change in changes)
        {
            Fold(change, sessions, lifecycles[(int)script.Sessions[change.Key].Lifecycle]);
            feedLength++;
        }

        foreach ((long key, Folded session) in sessions)
        {
            Totals totals = lifecycles[(int)script.Sessions[key].Lifecycle];
            totals.Final[session.Status] = totals.Final.GetValueOrDefault(session.Status) + 1;
            if (nextDeadline(key) is { } due && due <= end)
            {
                totals.Overdue++; // a timer the host lost; never expected
            }
        }

        foreach (var ((lifecycle, status, @event, outcome), count) in tallies.Counts)
        {
            lifecycles[(int)lifecycle].Rejections.Add(new RejectionCount(status, @event, outcome, count));
        }

        wallClock.Stop();
        LifecycleReport[] reports =
        [
            .. lifecycles.Select((t, i) => new LifecycleReport(
                t.Description.Name,
                script.Sessions.Count(s => (int)s.Lifecycle == i),
                t.Started,
                t.Merged,
                [.. t.Description.States.Select(s => s.Status)],
                t.Description.States.ToDictionary(s => s.Status, s => t.Final.GetValueOrDefault(s.Status)),
                t.Applied + t.Rejections.Sum(r => (long)r.Count),
                t.Applied,
                [.. t.Rejections.OrderByDescending(r => r.Count).ThenBy(r => r.Status).ThenBy(r => r.Event).ThenBy(r => r.Outcome, StringComparer.Ordinal)],
                [.. t.Description.Timers.Select(timer => t.Timers[timer.Index].ToReport(timer))],
                t.Overdue)),
        ];

        return new SimulationReport(options, script.Summarize(), reports, from, lastEvent, end, wallClock.Elapsed, replay, resumedAt, script.Sessions.Length + script.Events.Length, storePath, feedLength, tallies.NoSession);
    }

    private static IEnumerable<SessionChange<long, string, S, E>> Changes(SessionHost<long, string, S, E> host)
    {
        long position = 0;
        while (true)
        {
            IReadOnlyList<SessionChange<long, string, S, E>> page = host.ReadChanges(position, 10_000);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (SessionChange<long, string, S, E> change in page)
            {
                yield return change;
                position = change.Position;
            }
        }
    }

    private static void Fold(SessionChange<long, string, S, E> change, Dictionary<long, Folded> sessions, Totals totals)
    {
        long at = change.At.UtcTicks;
        switch (change.Kind)
        {
            case SessionChangeKind.Started:
                sessions[change.Key] = new Folded { Status = change.To!.Value, EnteredAt = at };
                totals.Started++;
                break;
            case SessionChangeKind.Transition:
            {
                Folded session = sessions[change.Key];
                totals.Applied++;
                if (change.From != change.To)
                {
                    session.Status = change.To!.Value;
                    session.EnteredAt = at;
                }

                // The countdowns as the definitions describe them (docs/dsl.md): stopped outside their states, started
                // by a start event (restarted only where the countdown says so), stopped by a cancel event.
                foreach (TimerInfo<S, E> timer in totals.Description.Timers.Where(t => t.Kind == TimerKind.Countdown))
                {
                    E @event = change.Event!.Value;
                    if (!timer.States.Contains(session.Status))
                    {
                        session.CountdownStarts.Remove(timer.Name);
                    }
                    else if (timer.StartOn.Contains(@event))
                    {
                        if (timer.Restart || !session.CountdownStarts.ContainsKey(timer.Name))
                        {
                            session.CountdownStarts[timer.Name] = at;
                        }
                    }
                    else if (timer.CancelOn.Contains(@event))
                    {
                        session.CountdownStarts.Remove(timer.Name);
                    }
                }

                break;
            }

            case SessionChangeKind.TimerFired:
            {
                Folded session = sessions[change.Key];
                TimerInfo<S, E> timer = totals.Description.Timers.Single(t => t.Name == change.Timer);
                long started = timer.Kind switch
                {
                    TimerKind.Countdown => session.CountdownStarts[timer.Name],
                    TimerKind.InState => session.EnteredAt,
                    _ => throw new InvalidOperationException($"Timer kind {timer.Kind} is not reported."),
                };
                totals.Timers[timer.Index].Record(at - started);
                session.CountdownStarts.Remove(timer.Name);
                session.Status = change.To!.Value;
                session.EnteredAt = at;
                foreach (TimerInfo<S, E> countdown in totals.Description.Timers.Where(t => t.Kind == TimerKind.Countdown && !t.States.Contains(session.Status)))
                {
                    session.CountdownStarts.Remove(countdown.Name);
                }

                break;
            }

            case SessionChangeKind.Merged:
                totals.Applied++;
                totals.Merged++;
                sessions.Remove(change.Key);
                break;
            case SessionChangeKind.Deleted:
                sessions.Remove(change.Key);
                break;
            default:
                throw new InvalidOperationException($"Change kind {change.Kind} is not reported.");
        }
    }

    private sealed class Folded
    {
        public S Status;
        public long EnteredAt;
        public Dictionary<string, long> CountdownStarts { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Totals(LifecycleDescription<S, E> description)
    {
        public LifecycleDescription<S, E> Description { get; } = description;

        public TimerCounter[] Timers { get; } = [.. description.Timers.Select(_ => new TimerCounter())];

        public Dictionary<S, int> Final { get; } = [];

        public List<RejectionCount> Rejections { get; } = [];

        public int Started;
        public int Merged;
        public long Applied;
        public int Overdue;
    }
}

/// <summary>Counts how often one timer fired and how long it had been running each time.</summary>
internal sealed class TimerCounter
{
    private long _shortestTicks = long.MaxValue;
    private long _longestTicks = long.MinValue;

    public int Fired { get; private set; }

    public void Record(long waitedTicks)
    {
        Fired++;
        _shortestTicks = Math.Min(_shortestTicks, waitedTicks);
        _longestTicks = Math.Max(_longestTicks, waitedTicks);
    }

    public TimerReport ToReport(TimerInfo<S, E> timer) => new(
        timer.Name,
        timer.States,
        timer.To,
        Fired,
        Fired > 0 ? TimeSpan.FromTicks(_shortestTicks) : null,
        Fired > 0 ? TimeSpan.FromTicks(_longestTicks) : null);
}
