using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using SessionDsl.Messaging;

namespace ContactCenter;

/// <summary>
/// Replays one simulated day of contact-center traffic through the four generated messaging-session lifecycles, on a
/// fake clock, and counts what they did.
/// </summary>
/// <remarks>
/// <para>The day's script is written first (see <see cref="TrafficWriter"/>). The replay then merges every session's events
/// in time order with a priority queue holding each session's next event, moves the clock to that event, and hands the
/// event to the session's lifecycle with <c>Apply</c>, which first fires any timer that fell due since the session's
/// previous event. No session is touched between its events: the timers are data, not scheduled callbacks.</para>
/// <para>Sessions start during the day; a few conversations run on past midnight. When the day's traffic is over (its
/// last event), the clock moves on three more days (by default) and every session is advanced, so that the
/// business-initiated no-reply countdowns (24 h and 48 h) and the 30-hour expiry of Inactive sessions all come due.</para>
/// </remarks>
public sealed class ContactCenterSimulation
{
    /// <summary>Runs the day described by <paramref name="options"/>. The same options give the same counts.</summary>
    public SimulationReport Run(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        Stopwatch wallClock = Stopwatch.StartNew();
        TrafficScript script = TrafficScript.Write(options);
        ISessionHost[] hosts = CreateHosts(script.Sessions);

        // Each session's number within its lifecycle's host.
        var hostIndex = new int[script.Sessions.Length];
        for (int i = 0; i < script.Sessions.Length; i++)
        {
            SessionPlan plan = script.Sessions[i];
            hostIndex[i] = hosts[(int)plan.Lifecycle].Add(plan.Settings);
        }

        var clock = new FakeTimeProvider(options.DayStart);
        Stopwatch replayClock = Stopwatch.StartNew();
        Replay(script, hosts, hostIndex, clock);
        DateTimeOffset lastEvent = clock.GetUtcNow();

        // The day's traffic is over. Move on far enough for every pending deadline to pass, and let each session catch up.
        clock.Advance(options.SettlingTime);
        DateTimeOffset end = clock.GetUtcNow();
        foreach (ISessionHost host in hosts)
        {
            host.AdvanceAll(end);
        }

        replayClock.Stop();
        LifecycleReport[] lifecycles = [.. hosts.Select(h => h.Report(end))];
        wallClock.Stop();

        return new SimulationReport(
            options,
            script.Summarize(),
            lifecycles,
            options.DayStart,
            lastEvent,
            end,
            wallClock.Elapsed,
            replayClock.Elapsed);
    }

    /// <summary>One host per lifecycle, in <see cref="LifecycleKind"/> order, each mapping the settings onto its own options.</summary>
    private static ISessionHost[] CreateHosts(SessionPlan[] sessions)
    {
        int SessionsOf(LifecycleKind lifecycle) => sessions.Count(s => s.Lifecycle == lifecycle);

        // Validate() rejects settings outside what the definition allows (such as a 2-minute inactivity timeout)
        // before any session runs with them.
        return
        [
            new SessionHost<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(
                SessionsOf(LifecycleKind.EnhancedCustomerInitiated),
                s => new EnhancedCustomerInitiated.Options
                {
                    CapacityModel = s.CapacityModel,
                    InactivityTimeout = s.InactivityTimeout,
                }.Validate()),
            new SessionHost<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>(
                SessionsOf(LifecycleKind.EnhancedBusinessInitiated),
                s => new EnhancedBusinessInitiated.Options
                {
                    CapacityModel = s.CapacityModel,
                    InactivityTimeout = s.InactivityTimeout,
                    KeepOpen = s.KeepOpen,
                    Channel = s.Channel,
                }.Validate()),
            new SessionHost<StandardCustomerInitiated, StandardCustomerInitiated.Options>(
                SessionsOf(LifecycleKind.StandardCustomerInitiated),
                s => new StandardCustomerInitiated.Options { CapacityModel = s.CapacityModel }.Validate()),
            new SessionHost<StandardBusinessInitiated, StandardBusinessInitiated.Options>(
                SessionsOf(LifecycleKind.StandardBusinessInitiated),
                s => new StandardBusinessInitiated.Options { CapacityModel = s.CapacityModel }.Validate()),
        ];
    }

    /// <summary>Replays the day: every session starts at its first message and receives its events in time order.</summary>
    private static void Replay(TrafficScript script, ISessionHost[] hosts, int[] hostIndex, FakeTimeProvider clock)
    {
        SessionPlan[] sessions = script.Sessions;
        ScriptedEvent[] events = script.Events;

        // The queue holds one entry per session: the time of its next step. A session's next event is queued only after
        // the previous one is applied, so each session sees its own events in script order. Sessions never affect each
        // other, so the order among sessions due at the same tick does not change any count.
        var queue = new PriorityQueue<int, long>(sessions.Length);

        // -1: the session has not started yet; otherwise the index (within its slice) of its next event.
        var nextStep = new int[sessions.Length];
        for (int i = 0; i < sessions.Length; i++)
        {
            nextStep[i] = -1;
            queue.Enqueue(i, sessions[i].StartTicks);
        }

        while (queue.TryDequeue(out int id, out long atTicks))
        {
            clock.SetUtcNow(new DateTimeOffset(atTicks, TimeSpan.Zero));
            DateTimeOffset now = clock.GetUtcNow();
            SessionPlan session = sessions[id];
            ISessionHost host = hosts[(int)session.Lifecycle];

            int step = nextStep[id];
            if (step < 0)
            {
                // The customer's first message, or the rep's or flow's first action, creates the session.
                host.Start(hostIndex[id], session.StartStatus, now);
            }
            else
            {
                host.Apply(hostIndex[id], events[session.FirstEvent + step].Event, now);
            }

            nextStep[id] = ++step;
            if (step < session.EventCount)
            {
                queue.Enqueue(id, events[session.FirstEvent + step].AtTicks);
            }
        }
    }
}
