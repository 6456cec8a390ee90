using SessionDsl.Messaging;

namespace ContactCenter;

/// <summary>Everything a simulated day produced: what was offered, what the lifecycles did with it, and how long it took.</summary>
/// <param name="Options">The options the day ran with (including the seed, so the run can be repeated).</param>
/// <param name="Traffic">How the day's sessions were spread over platforms, capacity models and options.</param>
/// <param name="Lifecycles">One entry per lifecycle, in the order the sample hosts them.</param>
/// <param name="SimulatedFrom">The fake clock at the start: midnight of the simulated day.</param>
/// <param name="LastEventAt">The fake clock at the day's last event (a few conversations run on past midnight).</param>
/// <param name="SimulatedTo">The fake clock at the end: the last event plus the settling time.</param>
/// <param name="WallClock">Real time for the whole run: writing the script, replaying it and settling the timers.</param>
/// <param name="ReplayWallClock">Real time spent in the host's hands: replaying events and settling timers (after a resume, only this run's share).</param>
/// <param name="ResumedAtStep">The step a resumed run went on from (0 for a fresh day).</param>
/// <param name="Steps">Steps in the day's replay: session starts and events.</param>
/// <param name="StorePath">The SQLite file the day is kept in, or null when it ran in memory.</param>
/// <param name="FeedLength">Changes in the store's feed at the end.</param>
/// <param name="NoSessionEvents">Events for a session that did not exist (its opening was refused, or it was merged away).</param>
public sealed record SimulationReport(
    SimulationOptions Options,
    TrafficMix Traffic,
    IReadOnlyList<LifecycleReport> Lifecycles,
    DateTimeOffset SimulatedFrom,
    DateTimeOffset LastEventAt,
    DateTimeOffset SimulatedTo,
    TimeSpan WallClock,
    TimeSpan ReplayWallClock,
    int ResumedAtStep,
    int Steps,
    string? StorePath,
    long FeedLength,
    int NoSessionEvents)
{
    /// <summary>Sessions started during the day.</summary>
    public int Sessions => Lifecycles.Sum(l => l.Sessions);

    /// <summary>Events offered to the host: applied, refused, or for no session.</summary>
    public long EventsOffered => Lifecycles.Sum(l => l.EventsOffered) + NoSessionEvents;

    /// <summary>Events that led to a transition (including self-transitions such as a rep's reply in Active).</summary>
    public long TransitionsApplied => Lifecycles.Sum(l => l.TransitionsApplied);

    /// <summary>Events the host refused, for any reason.</summary>
    public long EventsRejected => EventsOffered - TransitionsApplied;

    /// <summary>Timers that fired, during the day and while settling.</summary>
    public long TimersFired => Lifecycles.Sum(l => l.Timers.Sum(t => (long)t.Fired));

    /// <summary>How far the fake clock moved.</summary>
    public TimeSpan SimulatedSpan => SimulatedTo - SimulatedFrom;

    /// <summary>Status changes per real second while replaying: applied events plus fired timers.</summary>
    public double TransitionsPerSecond =>
        ReplayWallClock > TimeSpan.Zero ? (TransitionsApplied + TimersFired) / ReplayWallClock.TotalSeconds : 0;

    /// <summary>Refused events with the given outcome (<c>NotPermitted</c>, <c>GuardRejected</c>, or <c>Rule</c> and a rule's name), over all lifecycles.</summary>
    public long Rejected(string outcome) =>
        Lifecycles.Sum(l => l.Rejections.Where(r => r.Outcome == outcome).Sum(r => (long)r.Count));

    /// <summary>Sessions that ended the run in <paramref name="status"/>, over all lifecycles.</summary>
    public int SessionsIn(MessagingSessionStatus status) => Lifecycles.Sum(l => l.SessionsIn(status));
}

/// <summary>How the day's sessions were spread: the deployments and options the script chose.</summary>
/// <param name="TabBased">Sessions under a tab-based capacity model.</param>
/// <param name="StatusBased">Sessions under a status-based capacity model.</param>
/// <param name="EnhancedSessions">Sessions on the enhanced platform (where the inactivity timeout exists).</param>
/// <param name="WithInactivityTimeout">Enhanced sessions whose deployment sets an inactivity timeout.</param>
/// <param name="AutomatedNotifications">Business-initiated sessions a flow opened with an automated notification.</param>
/// <param name="KeptOpenNotifications">Of those, enhanced ones whose flow keeps the session open for 48 hours.</param>
/// <param name="WebChatOpeningMessages">Opening messages a rep tried to send in Enhanced Web Chat.</param>
/// <param name="EventsScripted">Events in the day's script.</param>
public sealed record TrafficMix(
    int TabBased,
    int StatusBased,
    int EnhancedSessions,
    int WithInactivityTimeout,
    int AutomatedNotifications,
    int KeptOpenNotifications,
    int WebChatOpeningMessages,
    long EventsScripted);

/// <summary>What one lifecycle did with its share of the day.</summary>
/// <param name="Name">The lifecycle's name, from its generated description.</param>
/// <param name="Sessions">Sessions of the day's script that follow this lifecycle.</param>
/// <param name="Started">Of those, sessions the host started (a refused opening message starts none).</param>
/// <param name="Merged">Sessions merged into the partition's previous session by a rule, and no longer kept.</param>
/// <param name="Statuses">The statuses this lifecycle declares, in declaration order; the others never occur in it.</param>
/// <param name="FinalStatuses">How many kept sessions ended the run in each status (declared statuses only).</param>
/// <param name="EventsOffered">Events offered to its sessions (and first events of the starts).</param>
/// <param name="TransitionsApplied">Events that led to a transition.</param>
/// <param name="Rejections">Refused events by status, event and outcome, most frequent first.</param>
/// <param name="Timers">One entry per declared timer, in declaration order.</param>
/// <param name="OpenWithOverdueDeadline">Sessions still open at the end whose next deadline had passed: a lost timer; always 0.</param>
public sealed record LifecycleReport(
    string Name,
    int Sessions,
    int Started,
    int Merged,
    IReadOnlyList<MessagingSessionStatus> Statuses,
    IReadOnlyDictionary<MessagingSessionStatus, int> FinalStatuses,
    long EventsOffered,
    long TransitionsApplied,
    IReadOnlyList<RejectionCount> Rejections,
    IReadOnlyList<TimerReport> Timers,
    int OpenWithOverdueDeadline)
{
    /// <summary>Sessions of this lifecycle that ended the run in <paramref name="status"/>.</summary>
    public int SessionsIn(MessagingSessionStatus status) => FinalStatuses.GetValueOrDefault(status);

    /// <summary>Refused events of this lifecycle with the given outcome.</summary>
    public long Rejected(string outcome) => Rejections.Where(r => r.Outcome == outcome).Sum(r => (long)r.Count);
}

/// <summary>How often the host refused <paramref name="Event"/> in <paramref name="Status"/>, and why: the lifecycle's <c>NotPermitted</c> or <c>GuardRejected</c>, or <c>Rule</c> and the rule's name.</summary>
public sealed record RejectionCount(MessagingSessionStatus Status, MessagingSessionEvent Event, string Outcome, int Count);

/// <summary>How often a timer fired, and how long after it started (shortest and longest), to check its duration.</summary>
/// <param name="Name">The timer's name, from the lifecycle's description.</param>
/// <param name="From">The statuses it runs in.</param>
/// <param name="To">The status it leads to.</param>
/// <param name="Fired">How many times it fired.</param>
/// <param name="ShortestWait">The shortest time from its start (countdown) or its status's entry (in-state timer) to firing; null when it never fired.</param>
/// <param name="LongestWait">The longest such time; null when it never fired.</param>
public sealed record TimerReport(
    string Name,
    IReadOnlyList<MessagingSessionStatus> From,
    MessagingSessionStatus To,
    int Fired,
    TimeSpan? ShortestWait,
    TimeSpan? LongestWait);
