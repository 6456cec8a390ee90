using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using SessionDsl.Hosting;

namespace SessionDsl.Extensions.Hosting;

/// <summary>
/// The host's observer in a service: each call, timer and commit becomes a log message, measurements on the
/// <c>SessionDsl</c> meter, and for calls a span. Runs under the host's lock, so it only records.
/// </summary>
internal sealed class SessionDslTelemetry : SessionHostOptions.HostObserver
{
    internal static readonly ActivitySource Source = new(SessionDslDiagnostics.ActivitySourceName, typeof(SessionDslTelemetry).Assembly.GetName().Version?.ToString(3));

    private readonly ILogger _logger;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _timersFired;
    private readonly Histogram<double> _timerLateness;
    private readonly Histogram<double> _commitDuration;
    private Func<int>? _sessions;
    private Func<int>? _pendingDeadlines;
    private Func<TimeSpan>? _clockLag;

    public SessionDslTelemetry(IMeterFactory meters, ILogger logger)
    {
        _logger = logger;
        Meter meter = meters.Create(SessionDslDiagnostics.MeterName);
        _transitions = meter.CreateCounter<long>(SessionDslDiagnostics.Transitions, "{call}", "Starts, events and deletions, by lifecycle, operation and outcome.");
        _refusals = meter.CreateCounter<long>(SessionDslDiagnostics.Refusals, "{call}", "Refused starts, events and deletions, by lifecycle and the rule or lifecycle reason that refused them.");
        _timersFired = meter.CreateCounter<long>(SessionDslDiagnostics.TimersFired, "{timer}", "Timers fired, by lifecycle and timer.");
        _timerLateness = meter.CreateHistogram<double>(SessionDslDiagnostics.TimerLateness, "s", "How long after its deadline a timer fired, on the host's clock.");
        _commitDuration = meter.CreateHistogram<double>(SessionDslDiagnostics.CommitDuration, "s", "How long a commit to the store took.");
        meter.CreateObservableGauge(SessionDslDiagnostics.PendingDeadlines, () => Observe(_pendingDeadlines), "{session}", "Sessions with a pending deadline.");
        meter.CreateObservableGauge(SessionDslDiagnostics.Sessions, () => Observe(_sessions), "{session}", "Sessions the host holds.");
        meter.CreateObservableGauge(SessionDslDiagnostics.ClockLag, () => _clockLag is { } lag ? [new Measurement<double>(lag().TotalSeconds)] : Array.Empty<Measurement<double>>(), "s", "How far the hosted clock is behind its last advance without error.");
    }

    public ILogger Logger => _logger;

    /// <summary>Gives the gauges their sources once the host exists (the observer is made before it).</summary>
    public void Attach(Func<int> sessions, Func<int> pendingDeadlines, Func<TimeSpan> clockLag)
    {
        _sessions = sessions;
        _pendingDeadlines = pendingDeadlines;
        _clockLag = clockLag;
    }

    public override void OnCall(in SessionHostOptions.HostObserver.Call call)
    {
        string lifecycle = call.Lifecycle ?? "(none)";
        var tags = new TagList
        {
            { "sessiondsl.lifecycle", lifecycle },
            { "sessiondsl.operation", OperationName(call.Kind) },
            { "sessiondsl.outcome", call.Error is null ? call.Outcome.ToString() : "Failed" },
        };
        _transitions.Add(1, tags);
        switch (call.Outcome)
        {
            case HostOutcome.EventRefused:
                _refusals.Add(1, new TagList { { "sessiondsl.lifecycle", lifecycle }, { "sessiondsl.refused_by", "lifecycle" }, { "sessiondsl.rule", call.Transition.ToString() } });
                break;
            case HostOutcome.RuleRefused:
                _refusals.Add(1, new TagList { { "sessiondsl.lifecycle", lifecycle }, { "sessiondsl.refused_by", "rule" }, { "sessiondsl.rule", call.Rule } });
                break;
        }

        LogCall(in call);
        if (Source.HasListeners())
        {
            Trace(in call);
        }
    }

    public override void OnTimerFired(in SessionHostOptions.HostObserver.TimerFired timer)
    {
        var tags = new TagList { { "sessiondsl.lifecycle", timer.Lifecycle }, { "sessiondsl.timer", timer.Timer } };
        _timersFired.Add(1, tags);
        _timerLateness.Record(timer.Lateness.TotalSeconds, tags);
        Log.TimerFired(_logger, timer.Key, timer.Lifecycle, timer.Timer, timer.From, timer.To, timer.Due, timer.Lateness);
    }

    public override void OnCommit(in SessionHostOptions.HostObserver.Commit commit)
    {
        _commitDuration.Record(
            commit.Elapsed.TotalSeconds,
            new TagList { { "sessiondsl.durability", commit.Durability.ToString() }, { "sessiondsl.outcome", commit.Error is null ? "Committed" : "Failed" } });
        if (commit.Error is { } error)
        {
            Log.CommitFailed(_logger, commit.Changes, commit.Durability, error);
        }
    }

    private static IEnumerable<Measurement<int>> Observe(Func<int>? source) =>
        source is null ? [] : [new Measurement<int>(source())];

    private static string OperationName(SessionHostOptions.HostObserver.CallKind kind) => kind switch
    {
        SessionHostOptions.HostObserver.CallKind.Start => "Start",
        SessionHostOptions.HostObserver.CallKind.Apply => "Apply",
        SessionHostOptions.HostObserver.CallKind.Delete => "Delete",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A call is a start, an event or a deletion."),
    };

    private void LogCall(in SessionHostOptions.HostObserver.Call call)
    {
        if (call.Error is { } error)
        {
            Log.CallFailed(_logger, call.Key, call.Lifecycle, call.Kind, error);
            return;
        }

        switch (call.Outcome)
        {
            case HostOutcome.Started:
                Log.SessionStarted(_logger, call.Key, call.Lifecycle, call.To);
                break;
            case HostOutcome.Applied:
                Log.EventApplied(_logger, call.Key, call.Lifecycle, call.From, call.Event, call.To);
                break;
            case HostOutcome.Deleted:
                Log.SessionDeleted(_logger, call.Key, call.Lifecycle, call.From);
                break;
            case HostOutcome.Merged:
                Log.SessionMerged(_logger, call.Key, call.Lifecycle, call.Event, call.To, call.Rule);
                break;
            case HostOutcome.EventRefused:
                Log.EventRefused(_logger, call.Key, call.Lifecycle, call.Event, call.From, call.Transition);
                break;
            case HostOutcome.RuleRefused:
                Log.RuleRefused(_logger, call.Key, call.Lifecycle, call.Kind, call.Rule);
                break;
            case HostOutcome.None:
            case HostOutcome.UnknownSession:
            case HostOutcome.KeyInUse:
            case HostOutcome.UnknownLifecycle:
            case HostOutcome.InvalidOptions:
            case HostOutcome.NotAnInitialStatus:
                Log.CallRefused(_logger, call.Key, call.Kind, call.Outcome);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(call), call.Outcome, "An outcome the telemetry does not know: add it here.");
        }
    }

    /// <summary>
    /// The call's span, made when the call has returned (the observer hears of it then), with the call's own start time
    /// and duration; its parent is the caller's current activity (an ASP.NET Core request, say).
    /// </summary>
    private static void Trace(in SessionHostOptions.HostObserver.Call call)
    {
        DateTimeOffset end = DateTimeOffset.UtcNow;
        using Activity? activity = Source.StartActivity($"SessionDsl {OperationName(call.Kind)}", ActivityKind.Internal, parentContext: default, tags: null, links: null, startTime: end - call.Elapsed);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("sessiondsl.lifecycle", call.Lifecycle);
        activity.SetTag("sessiondsl.session.key", call.Key);
        activity.SetTag("sessiondsl.event", call.Event);
        activity.SetTag("sessiondsl.outcome", call.Outcome.ToString());
        activity.SetTag("sessiondsl.from", call.From);
        activity.SetTag("sessiondsl.to", call.To);
        activity.SetTag("sessiondsl.rule", call.Rule);
        if (call.Position > 0)
        {
            activity.SetTag("sessiondsl.position", call.Position);
        }

        if (call.Error is { } error)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
        }

        activity.SetEndTime(end.UtcDateTime);
    }
}
