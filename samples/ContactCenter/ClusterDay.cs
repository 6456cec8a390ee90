using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using SessionDsl;
using SessionDsl.Hosting;
using SessionDsl.Messaging;
using SessionDsl.Orleans;
using SessionDsl.Tooling;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace ContactCenter;

/// <summary>
/// The same simulated day on an Orleans cluster (<c>--cluster N</c>): N silos in this process on a Redis server the
/// job starts on a loopback port, one grain per messaging user, every step sent through the cluster's client; the
/// report is built from the cluster's changes feed, so it can be compared with the single-process host's line by line.
/// </summary>
/// <remarks>
/// The day runs on a fake clock that every silo shares, so the grains' own timers (which wait in real time) would not
/// see the day's hours pass: as the clock moves, the job asks each partition whose next deadline has passed to fire
/// it (<see cref="ISessionPartitionGrain.Advance"/>), in deadline order, as the single-process host's clock does.
/// Every answer carries the partition's next deadline, which is all the job needs to know.
/// </remarks>
internal static class ClusterDay
{
    public static SimulationReport Run(SimulationOptions options) => RunAsync(options).GetAwaiter().GetResult();

    private static async Task<SimulationReport> RunAsync(SimulationOptions options)
    {
        Stopwatch wallClock = Stopwatch.StartNew();
        TrafficScript script = TrafficScript.Write(options);
        ReplayStep[] steps = script.Steps();
        using LocalRedis redis = LocalRedis.Start();
        var clock = new FakeTimeProvider(options.DayStart);
        await using InProcessCluster<S, E> cluster = await InProcessCluster<S, E>.StartAsync(
            options.ClusterSilos ?? 1,
            redis.Configuration,
            lifecycles => lifecycles
                .Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>()
                .Register<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>()
                .Register<StandardCustomerInitiated, StandardCustomerInitiated.Options>()
                .Register<StandardBusinessInitiated, StandardBusinessInitiated.Options>(),
            clock);
        var host = new ClusterDayHost(cluster, clock);
        var replay = new Replay(host, script, clock);

        Stopwatch replayClock = Stopwatch.StartNew();
        foreach (ReplayStep step in steps)
        {
            if (step.AtTicks > clock.GetUtcNow().UtcTicks)
            {
                clock.SetUtcNow(new DateTimeOffset(step.AtTicks, TimeSpan.Zero));
                host.FireDue();
            }

            replay.Run(step);
        }

        DateTimeOffset lastEvent = clock.GetUtcNow();
        clock.Advance(options.SettlingTime);
        host.FireDue();
        replayClock.Stop();

        // Every answered change is in the partitions' state; wait until the last ones are in the feed too.
        for (int i = 0; i < 300 && await cluster.Feed.PendingPartitionsAsync() > 0; i++)
        {
            await Task.Delay(100);
        }

        var changes = new List<SessionChange<long, string, S, E>>();
        await foreach (ClusterFeedEntry entry in cluster.ReadFeedAsync())
        {
            changes.Add(ToChange(entry));
        }

        var deadlines = new Dictionary<long, DateTimeOffset?>();
        foreach (string partition in script.Sessions.Select(s => s.Partition).Distinct(StringComparer.Ordinal))
        {
            foreach (ClusterSession session in await cluster.Sessions.GetPartitionAsync(partition))
            {
                deadlines[long.Parse(session.Key, CultureInfo.InvariantCulture)] = session.NextDeadline;
            }
        }

        return Reporting.Build(options, script, changes, key => deadlines.GetValueOrDefault(key), replay.Tallies, 0, options.DayStart, lastEvent, clock.GetUtcNow(), wallClock, replayClock.Elapsed, $"Redis on {redis.Configuration.Split(',')[0]}");
    }

    private static SessionChange<long, string, S, E> ToChange(ClusterFeedEntry entry)
    {
        ChangeRecord c = entry.Change;
        return new SessionChange<long, string, S, E>(
            c.Position,
            Enum.Parse<SessionChangeKind>(c.Kind),
            long.Parse(c.Key, CultureInfo.InvariantCulture),
            entry.Partition,
            c.Lifecycle,
            Enum.Parse<S>(c.From),
            Enum.Parse<S>(c.To),
            c.Event is { } e ? Enum.Parse<E>(e) : null,
            c.Timer,
            new DateTimeOffset(c.AtTicks, TimeSpan.Zero),
            c.Related is { } related ? long.Parse(related, CultureInfo.InvariantCulture) : 0,
            c.Reason,
            c.Rule);
    }

    /// <summary>The cluster as the replay sees it, and the partitions' next deadlines.</summary>
    private sealed class ClusterDayHost(InProcessCluster<S, E> cluster, TimeProvider clock) : IDayHost
    {
        private readonly PriorityQueue<string, long> _due = new();
        private readonly Dictionary<string, long> _next = new(StringComparer.Ordinal);
        private readonly HashSet<int> _started = [];

        public bool Exists(int session) => _started.Contains(session);

        public StepResult Start(int session, SessionPlan plan, E? firstEvent)
        {
            SessionSettings s = plan.Settings;
            string key = session.ToString(CultureInfo.InvariantCulture);
            SessionClusterClient<S, E> client = cluster.Sessions;
            Task<ClusterResult> call = plan.Lifecycle switch
            {
                LifecycleKind.EnhancedCustomerInitiated => client.StartAsync<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(plan.Partition, key, new EnhancedCustomerInitiated.Options { CapacityModel = s.CapacityModel, InactivityTimeout = s.InactivityTimeout, Channel = s.Channel }, plan.StartStatus),
                LifecycleKind.EnhancedBusinessInitiated => client.StartAsync<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>(plan.Partition, key, new EnhancedBusinessInitiated.Options { CapacityModel = s.CapacityModel, KeepOpen = s.KeepOpen, Channel = s.Channel }, plan.StartStatus, firstEvent),
                LifecycleKind.StandardCustomerInitiated => client.StartAsync<StandardCustomerInitiated, StandardCustomerInitiated.Options>(plan.Partition, key, new StandardCustomerInitiated.Options { CapacityModel = s.CapacityModel }, plan.StartStatus),
                _ => client.StartAsync<StandardBusinessInitiated, StandardBusinessInitiated.Options>(plan.Partition, key, new StandardBusinessInitiated.Options { CapacityModel = s.CapacityModel }, plan.StartStatus, firstEvent),
            };
            StepResult result = Take(plan.Partition, call.GetAwaiter().GetResult(), plan.StartStatus);
            if (result.Outcome is HostOutcome.Started)
            {
                _started.Add(session);
            }

            return result;
        }

        public StepResult Apply(int session, SessionPlan plan, E @event, string? reason) =>
            Take(plan.Partition, cluster.Sessions.ApplyAsync(plan.Partition, session.ToString(CultureInfo.InvariantCulture), @event, reason).GetAwaiter().GetResult(), fallback: default);

        /// <summary>Fires, in deadline order, every partition's deadlines that the clock has passed.</summary>
        public void FireDue()
        {
            long now = clock.GetUtcNow().UtcTicks;
            while (_due.TryPeek(out string? partition, out long due) && due <= now)
            {
                _due.Dequeue();
                if (_next.GetValueOrDefault(partition, -1) != due)
                {
                    continue; // superseded by a later answer
                }

                AdvanceResult fired = cluster.Client.GetGrain<ISessionPartitionGrain>(partition).Advance().GetAwaiter().GetResult();
                Track(partition, fired.NextDeadline);
            }
        }

        private StepResult Take(string partition, ClusterResult result, S fallback)
        {
            if (!Enum.TryParse(result.Outcome, out HostOutcome outcome))
            {
                throw new InvalidOperationException($"Partition {partition}: {result.Message}");
            }

            Track(partition, result.NextDeadline);
            S from = outcome == HostOutcome.RuleRefused && result.Status is { } status ? Enum.Parse<S>(status)
                : result.From is { } f ? Enum.Parse<S>(f)
                : fallback;
            string? verdict = outcome switch
            {
                HostOutcome.EventRefused => result.TransitionOutcome,
                HostOutcome.RuleRefused => result.Rule,
                _ => null,
            };
            return new StepResult(outcome, from, verdict, result.Message);
        }

        private void Track(string partition, DateTimeOffset? next)
        {
            if (next is { } due)
            {
                if (_next.GetValueOrDefault(partition, -1) != due.UtcTicks)
                {
                    _next[partition] = due.UtcTicks;
                    _due.Enqueue(partition, due.UtcTicks);
                }
            }
            else
            {
                _next.Remove(partition);
            }
        }
    }
}
