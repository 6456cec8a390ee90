using System.Globalization;
using SessionDsl.Messaging;

namespace ContactCenter;

/// <summary>Which of the four shipped lifecycles a session follows: the channel's platform and who starts the session.</summary>
public enum LifecycleKind
{
    /// <summary>A customer writes in an enhanced channel.</summary>
    EnhancedCustomerInitiated,

    /// <summary>A rep or a flow writes first in an enhanced channel.</summary>
    EnhancedBusinessInitiated,

    /// <summary>A customer writes in a standard channel.</summary>
    StandardCustomerInitiated,

    /// <summary>A rep or a process writes first in a standard channel.</summary>
    StandardBusinessInitiated,
}

/// <summary>
/// The settings a session runs under, in one shape for all four lifecycles. Each lifecycle's generated <c>Options</c>
/// declares only the options its guards and timers read, so each host maps these onto its own <c>Options</c>.
/// </summary>
/// <param name="CapacityModel">How the deployment's Omni-Channel counts rep capacity.</param>
/// <param name="InactivityTimeout">The enhanced deployment's customer-inactivity limit (5 to 30 minutes), or null when it sets none.</param>
/// <param name="KeepOpen">For an automated notification: the flow keeps the session open for 48 hours.</param>
/// <param name="Channel">The messaging channel.</param>
internal readonly record struct SessionSettings(
    CapacityModel CapacityModel,
    TimeSpan? InactivityTimeout,
    bool KeepOpen,
    MessagingChannel Channel);

/// <summary>One event of the day's script: what happens to a session, and when.</summary>
internal readonly record struct ScriptedEvent(long AtTicks, MessagingSessionEvent Event);

/// <summary>
/// One session of the day: its lifecycle and settings, its messaging user's partition (the user in the session's
/// channel), when and in which status it starts, and its events, a slice of <see cref="TrafficScript.Events"/>.
/// </summary>
internal readonly record struct SessionPlan(
    LifecycleKind Lifecycle,
    SessionSettings Settings,
    MessagingSessionStatus StartStatus,
    long StartTicks,
    int FirstEvent,
    int EventCount)
{
    /// <summary>The messaging user in the session's channel: the partition the rules across sessions look at.</summary>
    public string Partition { get; init; } = string.Empty;
}

/// <summary>One step of the replay: the start of session <paramref name="Session"/> (<paramref name="Event"/> -1) or its event number <paramref name="Event"/>.</summary>
internal readonly record struct ReplayStep(long AtTicks, int Session, int Event);

/// <summary>The whole day's traffic, written before the replay so that the replay measures only the lifecycles.</summary>
internal sealed class TrafficScript
{
    // About three sessions per messaging user over the day, spread over the channels they use.
    private const int SessionsPerUser = 3;

    private TrafficScript(SessionPlan[] sessions, ScriptedEvent[] events)
    {
        Sessions = sessions;
        Events = events;
    }

    /// <summary>Every session of the day, in the order they were written (not in time order).</summary>
    public SessionPlan[] Sessions { get; }

    /// <summary>Every session's events, each session's slice in time order.</summary>
    public ScriptedEvent[] Events { get; }

    /// <summary>Writes a day of traffic; the same options write the same day.</summary>
    public static TrafficScript Write(SimulationOptions options)
    {
        var writer = new TrafficWriter(new Random(options.Seed), options.DayStart);
        var sessions = new SessionPlan[options.Sessions];
        var events = new List<ScriptedEvent>(options.Sessions * 12);
        // Users are drawn apart from the conversations, so that the traffic is the same with or without them.
        var users = new Random(unchecked(options.Seed * 31 + 7));
        int userCount = Math.Max(1, options.Sessions / SessionsPerUser);
        for (int i = 0; i < sessions.Length; i++)
        {
            SessionPlan plan = writer.WriteSession(events);
            sessions[i] = plan with { Partition = $"user-{users.Next(userCount).ToString(CultureInfo.InvariantCulture)}/{plan.Settings.Channel}" };
        }

        return new TrafficScript(sessions, events.ToArray());
    }

    /// <summary>
    /// Every step of the day in the order it happens: by time, then by session, then by the session's own order. The
    /// order is total, so a replay resumed at step N does exactly what an uninterrupted one does from step N.
    /// </summary>
    public ReplayStep[] Steps()
    {
        var steps = new ReplayStep[Sessions.Length + Events.Length];
        int n = 0;
        for (int i = 0; i < Sessions.Length; i++)
        {
            SessionPlan plan = Sessions[i];
            steps[n++] = new ReplayStep(plan.StartTicks, i, -1);
            for (int e = 0; e < plan.EventCount; e++)
            {
                steps[n++] = new ReplayStep(Events[plan.FirstEvent + e].AtTicks, i, e);
            }
        }

        Array.Sort(steps, static (a, b) => a.AtTicks != b.AtTicks ? a.AtTicks.CompareTo(b.AtTicks) : a.Session != b.Session ? a.Session.CompareTo(b.Session) : a.Event.CompareTo(b.Event));
        return steps;
    }

    /// <summary>Counts how the day's sessions were spread, for the report.</summary>
    public TrafficMix Summarize()
    {
        int tabBased = 0, enhanced = 0, withTimeout = 0, notifications = 0, keptOpen = 0, webChatOpenings = 0;
        foreach (SessionPlan session in Sessions)
        {
            tabBased += session.Settings.CapacityModel == CapacityModel.TabBased ? 1 : 0;
            bool isEnhanced = session.Lifecycle is LifecycleKind.EnhancedCustomerInitiated or LifecycleKind.EnhancedBusinessInitiated;
            enhanced += isEnhanced ? 1 : 0;
            withTimeout += isEnhanced && session.Settings.InactivityTimeout is not null ? 1 : 0;
            ReadOnlySpan<ScriptedEvent> script = Events.AsSpan(session.FirstEvent, session.EventCount);
            foreach (ScriptedEvent e in script)
            {
                if (e.Event == MessagingSessionEvent.AutomatedNotification)
                {
                    notifications++;
                    keptOpen += session.Settings.KeepOpen ? 1 : 0;
                }
                else if (e.Event == MessagingSessionEvent.OpeningMessage && session.Lifecycle == LifecycleKind.EnhancedBusinessInitiated
                    && session.Settings.Channel == MessagingChannel.WebChat)
                {
                    webChatOpenings++;
                }
            }
        }

        return new TrafficMix(tabBased, Sessions.Length - tabBased, enhanced, withTimeout, notifications, keptOpen, webChatOpenings, Events.Length);
    }
}
