using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using SessionDsl;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using SessionDsl.Messaging;
using SessionDsl.Sqlite;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace ContactCenter;

/// <summary>
/// Replays one simulated day of contact-center traffic through SessionDsl's session host, with the four shipped
/// messaging-session lifecycles and their rules, on a fake clock, and reports what happened from the host's store.
/// </summary>
/// <remarks>
/// <para>The day's script is written first (see <see cref="TrafficWriter"/>) and put in one total order of steps. Each
/// step moves the fake clock, which ticks the host's own clock, and starts a session or applies an event to it by the
/// application's key; a rep's opening message or a flow's notification creates its session (<c>Start</c> with a first
/// event), so one the lifecycle or a rule refuses leaves nothing behind. After the day's last event the clock moves on
/// three more days (by default), so every pending deadline comes due.</para>
/// <para>With a store, every step is one unit (<c>Atomically</c>) with the replay's cursor after it (and, when they
/// change, its tallies of refused events) as checkpoints, so they are committed together. A run killed part-way
/// (<see cref="SimulationOptions.CrashAfterSteps"/>) is resumed by the next run on the same store and day: the host
/// restores every session and deadline, fires what came due, and the replay goes on after the last committed step.
/// Everything the report counts comes from the store (the feed and the sessions) or from those checkpoints, so an
/// interrupted day ends with the same counts as an uninterrupted one.</para>
/// </remarks>
public sealed class ContactCenterSimulation
{
    private const string CursorCheckpoint = "contact-center/cursor";
    private const string DayCheckpoint = "contact-center/day";
    private const string TalliesCheckpoint = "contact-center/refused";
    private const string FinishedCheckpoint = "contact-center/finished";

    /// <summary>Runs (or resumes) the day described by <paramref name="options"/>. The same options give the same counts.</summary>
    public SimulationReport Run(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.ClusterSilos is not null)
        {
            return ClusterDay.Run(options);
        }

        Stopwatch wallClock = Stopwatch.StartNew();
        TrafficScript script = TrafficScript.Write(options);
        ReplayStep[] steps = script.Steps();
        string day = $"seed={options.Seed.ToString(CultureInfo.InvariantCulture)}; sessions={options.Sessions.ToString(CultureInfo.InvariantCulture)}";
        ISessionStore store = OpenStore(options, day);

        var clock = new FakeTimeProvider(options.DayStart);
        using var host = new SessionHost<long, string, S, E>(new SessionHostOptions
        {
            TimeProvider = clock,
            Store = store,
            Durability = options.Durability,
            Capacity = options.Sessions,
            Tick = TimeSpan.FromSeconds(1),
        });
        var replay = new Replay(new LocalDayHost(host), script, clock);
        host.Open();

        // Resume where the last committed step left off (0 on a fresh store).
        int cursor = int.Parse(host.ReadCheckpoint(CursorCheckpoint) ?? "0", CultureInfo.InvariantCulture);
        replay.Tallies.Load(host.ReadCheckpoint(TalliesCheckpoint));
        if (cursor > 0)
        {
            clock.SetUtcNow(new DateTimeOffset(steps[cursor - 1].AtTicks, TimeSpan.Zero));
            replay.Recreated(steps.AsSpan(0, cursor));
        }

        host.SetCheckpoint(DayCheckpoint, day);
        host.StartClock();
        Stopwatch replayClock = Stopwatch.StartNew();
        for (int i = cursor; i < steps.Length; i++)
        {
            ReplayStep step = steps[i];
            if (step.AtTicks > clock.GetUtcNow().UtcTicks)
            {
                clock.SetUtcNow(new DateTimeOffset(step.AtTicks, TimeSpan.Zero)); // ticks the host's clock on the way
            }

            // The step and the cursor after it commit together (and the tallies when the step changed them), so a
            // crash never leaves a step done but not counted, or counted but not done.
            int next = i + 1;
            host.Atomically(h =>
            {
                if (replay.Run(step))
                {
                    h.SetCheckpoint(TalliesCheckpoint, replay.Tallies.Save());
                }

                h.SetCheckpoint(CursorCheckpoint, next.ToString(CultureInfo.InvariantCulture));
            });
            if (options.CrashAfterSteps == i + 1)
            {
                // A crash, not a shutdown: no dispose, no flush of what the group commit still holds.
                Console.Out.Flush();
                Process.GetCurrentProcess().Kill();
            }
        }

        DateTimeOffset lastEvent = clock.GetUtcNow();

        // The day's traffic is over. Move on far enough for every pending deadline to pass.
        clock.Advance(options.SettlingTime);
        host.Advance();
        host.SetCheckpoint(FinishedCheckpoint, "true"); // the next run of this day starts afresh
        host.WhenDurableAsync(host.LastPosition).AsTask().GetAwaiter().GetResult();
        replayClock.Stop();

        SimulationReport report = Reporting.Build(options, script, host, replay.Tallies, cursor, options.DayStart, lastEvent, clock.GetUtcNow(), wallClock, replayClock.Elapsed, store is InMemorySessionStore ? null : options.StorePath);
        return report;
    }

    /// <summary>
    /// The store for <paramref name="day"/>: a fresh one, or the one a killed run of the same day left behind, which is
    /// then resumed. A store that holds another or a finished day is started afresh.
    /// </summary>
    private static ISessionStore OpenStore(SimulationOptions options, string day)
    {
        if (options.StorePath is not { } path)
        {
            return new InMemorySessionStore();
        }

        if (File.Exists(path) && !IsUnfinished(path, day))
        {
            foreach (string file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }

        return new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path });
    }

    private static bool IsUnfinished(string path, string day)
    {
        using ISessionStore store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path });
        store.Open();
        return store.ReadCheckpoint(DayCheckpoint) == day
            && store.ReadCheckpoint(CursorCheckpoint) is { } cursor
            && store.ReadCheckpoint(FinishedCheckpoint) is null
            && int.Parse(cursor, CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>The single-process host as the replay sees it.</summary>
    private sealed class LocalDayHost : IDayHost
    {
        private readonly SessionHost<long, string, S, E> _host;
        private readonly LifecycleHandle<EnhancedCustomerInitiated.Options> _enhancedCustomer;
        private readonly LifecycleHandle<EnhancedBusinessInitiated.Options> _enhancedBusiness;
        private readonly LifecycleHandle<StandardCustomerInitiated.Options> _standardCustomer;
        private readonly LifecycleHandle<StandardBusinessInitiated.Options> _standardBusiness;

        public LocalDayHost(SessionHost<long, string, S, E> host)
        {
            _host = host;
            _enhancedCustomer = host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>();
            _enhancedBusiness = host.Register<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>();
            _standardCustomer = host.Register<StandardCustomerInitiated, StandardCustomerInitiated.Options>();
            _standardBusiness = host.Register<StandardBusinessInitiated, StandardBusinessInitiated.Options>();
        }

        public bool Exists(int session) => _host.TryGet(session, out _);

        public StepResult Start(int session, SessionPlan plan, E? firstEvent)
        {
            SessionSettings s = plan.Settings;
            HostResult<long, S, E> result = plan.Lifecycle switch
            {
                LifecycleKind.EnhancedCustomerInitiated => _host.Start(session, plan.Partition, _enhancedCustomer, new EnhancedCustomerInitiated.Options { CapacityModel = s.CapacityModel, InactivityTimeout = s.InactivityTimeout, Channel = s.Channel }, plan.StartStatus),
                LifecycleKind.EnhancedBusinessInitiated => _host.Start(session, plan.Partition, _enhancedBusiness, new EnhancedBusinessInitiated.Options { CapacityModel = s.CapacityModel, KeepOpen = s.KeepOpen, Channel = s.Channel }, plan.StartStatus, firstEvent),
                LifecycleKind.StandardCustomerInitiated => _host.Start(session, plan.Partition, _standardCustomer, new StandardCustomerInitiated.Options { CapacityModel = s.CapacityModel }, plan.StartStatus),
                _ => _host.Start(session, plan.Partition, _standardBusiness, new StandardBusinessInitiated.Options { CapacityModel = s.CapacityModel }, plan.StartStatus, firstEvent),
            };
            return new StepResult(result.Outcome, result.Transition.From, Verdict(result), result.Message);
        }

        public StepResult Apply(int session, SessionPlan plan, E @event, string? reason)
        {
            HostResult<long, S, E> result = _host.Apply(session, @event, reason);
            S from = result.Outcome == HostOutcome.RuleRefused ? _host.Get(session).Status : result.Transition.From;
            return new StepResult(result.Outcome, from, Verdict(result), result.Message);
        }

        private static string? Verdict(HostResult<long, S, E> result) => result.Outcome switch
        {
            HostOutcome.EventRefused => result.Transition.Outcome.ToString(),
            HostOutcome.RuleRefused => result.Rule!.Name,
            _ => null,
        };
    }
}
