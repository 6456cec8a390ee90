namespace SessionDsl.Extensions.Hosting;

/// <summary>
/// The names SessionDsl's telemetry uses, so a service can subscribe to them (OpenTelemetry's <c>AddMeter</c> and
/// <c>AddSource</c>, <c>dotnet-counters monitor --counters SessionDsl</c>). The instruments and their tags are listed in
/// docs/hosting.md.
/// </summary>
public static class SessionDslDiagnostics
{
    /// <summary>The <c>Meter</c>'s name, made with the service's <c>IMeterFactory</c>.</summary>
    public const string MeterName = "SessionDsl";

    /// <summary>The <c>ActivitySource</c>'s name: a span per start, event and deletion.</summary>
    public const string ActivitySourceName = "SessionDsl";

    /// <summary>The logger category.</summary>
    public const string LoggerCategory = "SessionDsl";

    /// <summary>Counter: every start, event and deletion, by lifecycle, operation and outcome.</summary>
    public const string Transitions = "sessiondsl.transitions";

    /// <summary>Counter: refused starts, events and deletions, by lifecycle and the rule (or the lifecycle's own reason) that refused.</summary>
    public const string Refusals = "sessiondsl.refusals";

    /// <summary>Counter: timers fired, by lifecycle and timer.</summary>
    public const string TimersFired = "sessiondsl.timers.fired";

    /// <summary>Histogram (seconds): how long after its deadline each timer fired, on the host's clock.</summary>
    public const string TimerLateness = "sessiondsl.timers.lateness";

    /// <summary>Gauge: sessions with a pending deadline.</summary>
    public const string PendingDeadlines = "sessiondsl.deadlines.pending";

    /// <summary>Gauge: sessions the host holds.</summary>
    public const string Sessions = "sessiondsl.sessions";

    /// <summary>Gauge (seconds): how far the hosted clock is behind (time since its last advance without error).</summary>
    public const string ClockLag = "sessiondsl.clock.lag";

    /// <summary>Histogram (seconds): how long each commit to the store took, by durability and outcome.</summary>
    public const string CommitDuration = "sessiondsl.commit.duration";
}

/// <summary>The stable event ids of SessionDsl's log messages (category <see cref="SessionDslDiagnostics.LoggerCategory"/>).</summary>
public static class SessionDslLogEvents
{
    /// <summary>Information: the host opened its store, restored its sessions and caught up on timers.</summary>
    public const int HostOpened = 1;

    /// <summary>Information: the hosted clock started.</summary>
    public const int ClockStarted = 2;

    /// <summary>Error: an advance of the hosted clock failed (logged once until it recovers).</summary>
    public const int ClockFailed = 3;

    /// <summary>Information: the hosted clock advanced again after failing.</summary>
    public const int ClockRecovered = 4;

    /// <summary>Information: the host is stopping: clock stopped, pending commits being flushed.</summary>
    public const int Stopping = 5;

    /// <summary>Information: the host stopped, everything committed, the store closed.</summary>
    public const int Stopped = 6;

    /// <summary>Error: pending commits could not be flushed when stopping.</summary>
    public const int FlushFailed = 7;

    /// <summary>Debug: a session started.</summary>
    public const int SessionStarted = 10;

    /// <summary>Debug: an event was applied.</summary>
    public const int EventApplied = 11;

    /// <summary>Information: the lifecycle refused an event.</summary>
    public const int EventRefused = 12;

    /// <summary>Information: a rule across sessions refused a start, an event or a deletion.</summary>
    public const int RuleRefused = 13;

    /// <summary>Debug: a session was deleted.</summary>
    public const int SessionDeleted = 14;

    /// <summary>Information: a session was merged into the partition's previous session by rule.</summary>
    public const int SessionMerged = 15;

    /// <summary>Debug: a call named no session, a key in use, invalid options or a status that is not initial.</summary>
    public const int CallRefused = 16;

    /// <summary>Error: a call threw (the store failed).</summary>
    public const int CallFailed = 17;

    /// <summary>Debug: a timer fired.</summary>
    public const int TimerFired = 20;

    /// <summary>Error: a commit to the store failed.</summary>
    public const int CommitFailed = 30;
}
