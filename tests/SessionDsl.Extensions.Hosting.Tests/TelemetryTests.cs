using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using SessionDsl.Hosting;
using SessionDsl.Messaging;
using Xunit;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Extensions.Hosting.Tests;

/// <summary>What the host does, seen the .NET way: the SessionDsl meter, log messages with stable ids, a span per call, a health check.</summary>
public sealed class TelemetryTests : IDisposable
{
    private static readonly EnhancedCustomerInitiated.Options TenMinutes = new() { InactivityTimeout = TimeSpan.FromMinutes(10) };
    private static readonly EnhancedBusinessInitiated.Options WhatsApp = new() { Channel = MessagingChannel.WhatsApp };

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// One customer session through a day's usual calls: started, accepted, a rep's reply (a 10-minute countdown), an
    /// event its status refuses, a rep's opening message a rule refuses, a deletion a rule refuses, then the countdown
    /// fires from the hosted clock.
    /// </summary>
    private static async Task RunTheDay(TestService service)
    {
        SessionHost<string, string, S, E> host = service.Host;
        var customer = service.Services.GetRequiredService<LifecycleHandle<EnhancedCustomerInitiated.Options>>();
        var business = service.Services.GetRequiredService<LifecycleHandle<EnhancedBusinessInitiated.Options>>();
        host.Start("chat-1", "ann/WhatsApp", customer, TenMinutes).OrThrow();
        host.Apply("chat-1", E.Accept).OrThrow();
        host.Apply("chat-1", E.RepMessage).OrThrow();
        Assert.Equal(HostOutcome.EventRefused, host.Apply("chat-1", E.Accept).Outcome);
        Assert.Equal(HostOutcome.RuleRefused, host.Start("out-7", "ann/WhatsApp", business, WhatsApp, firstEvent: E.OpeningMessage).Outcome);
        Assert.Equal(HostOutcome.RuleRefused, host.Delete("chat-1").Outcome);
        service.Time.Advance(TimeSpan.FromMinutes(10));
        await TestService.Eventually(() => host.Get("chat-1").Status == S.Inactive, "the countdown fired");
    }

    private static string Tags<T>(CollectedMeasurement<T> m, params string[] names)
        where T : struct =>
        string.Join(" ", names.Select(n => m.Tags.TryGetValue(n, out object? v) ? v?.ToString() : "?"));

    [Fact]
    public async Task The_SessionDsl_meter_counts_transitions_by_outcome_refusals_by_rule_and_timers_and_gauges_the_deadlines_clock_and_commits()
    {
        MetricCollector<long>? transitions = null, refusals = null, timers = null;
        MetricCollector<int>? pending = null, sessions = null;
        MetricCollector<double>? lag = null, commits = null;
        await using TestService service = await TestService.StartAsync(_folder.File("sessions.db"), beforeStart: services =>
        {
            var meters = services.GetRequiredService<IMeterFactory>();
            transitions = new MetricCollector<long>(meters, SessionDslDiagnostics.MeterName, SessionDslDiagnostics.Transitions);
            refusals = new MetricCollector<long>(meters, SessionDslDiagnostics.MeterName, SessionDslDiagnostics.Refusals);
            timers = new MetricCollector<long>(meters, SessionDslDiagnostics.MeterName, SessionDslDiagnostics.TimersFired);
            pending = new MetricCollector<int>(meters, SessionDslDiagnostics.MeterName, SessionDslDiagnostics.PendingDeadlines);
            sessions = new MetricCollector<int>(meters, SessionDslDiagnostics.MeterName, SessionDslDiagnostics.Sessions);
            lag = new MetricCollector<double>(meters, SessionDslDiagnostics.MeterName, SessionDslDiagnostics.ClockLag);
            commits = new MetricCollector<double>(meters, SessionDslDiagnostics.MeterName, SessionDslDiagnostics.CommitDuration);
        });

        await RunTheDay(service);
        await TestService.Eventually(() => service.Services.GetRequiredService<SessionHost<string, string, S, E>>().PendingDeadlines == 1 && ClockLagNow(lag!) == 0, "the clock caught up");

        Assert.Equal(
            [
                "EnhancedCustomerInitiated Start Started",
                "EnhancedCustomerInitiated Apply Applied",
                "EnhancedCustomerInitiated Apply Applied",
                "EnhancedCustomerInitiated Apply EventRefused",
                "EnhancedBusinessInitiated Start RuleRefused",
                "EnhancedCustomerInitiated Delete RuleRefused",
            ],
            transitions!.GetMeasurementSnapshot().Select(m => Tags(m, "sessiondsl.lifecycle", "sessiondsl.operation", "sessiondsl.outcome")));
        Assert.All(transitions.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
        Assert.Equal(
            [
                "EnhancedCustomerInitiated lifecycle NotPermitted",
                "EnhancedBusinessInitiated rule PreviousSessionMustBeClosed",
                "EnhancedCustomerInitiated rule OnlyClosedSessionsCanBeDeleted",
            ],
            refusals!.GetMeasurementSnapshot().Select(m => Tags(m, "sessiondsl.lifecycle", "sessiondsl.refused_by", "sessiondsl.rule")));
        Assert.Equal(["EnhancedCustomerInitiated CustomerInactivityCountdown"], timers!.GetMeasurementSnapshot().Select(m => Tags(m, "sessiondsl.lifecycle", "sessiondsl.timer")));

        pending!.RecordObservableInstruments();
        sessions!.RecordObservableInstruments();
        Assert.Equal(1, pending.LastMeasurement!.Value); // Inactive's 30-hour expiry
        Assert.Equal(1, sessions.LastMeasurement!.Value);

        // Per-call durability: a commit for the start, each applied event and the timer; refusals write nothing.
        IReadOnlyList<CollectedMeasurement<double>> committed = commits!.GetMeasurementSnapshot();
        Assert.Equal(4, committed.Count);
        Assert.All(committed, m => Assert.Equal("PerCall Committed", Tags(m, "sessiondsl.durability", "sessiondsl.outcome")));
        Assert.All(committed, m => Assert.True(m.Value > 0));
    }

    private static double ClockLagNow(MetricCollector<double> lag)
    {
        lag.RecordObservableInstruments();
        return lag.LastMeasurement?.Value ?? -1;
    }

    [Fact]
    public async Task Each_call_and_timer_is_logged_with_its_stable_event_id()
    {
        await using TestService service = await TestService.StartAsync(_folder.File("sessions.db"));

        await RunTheDay(service);

        var records = service.Logs.GetSnapshot().Where(r => r.Category == SessionDslDiagnostics.LoggerCategory).ToList();
        Assert.Equal(
            [
                (SessionDslLogEvents.HostOpened, LogLevel.Information),
                (SessionDslLogEvents.ClockStarted, LogLevel.Information),
                (SessionDslLogEvents.SessionStarted, LogLevel.Debug),
                (SessionDslLogEvents.EventApplied, LogLevel.Debug),
                (SessionDslLogEvents.EventApplied, LogLevel.Debug),
                (SessionDslLogEvents.EventRefused, LogLevel.Information),
                (SessionDslLogEvents.RuleRefused, LogLevel.Information),
                (SessionDslLogEvents.RuleRefused, LogLevel.Information),
                (SessionDslLogEvents.TimerFired, LogLevel.Debug),
            ],
            records.Select(r => (r.Id.Id, r.Level)));
        Assert.Equal(
            [
                "Session host opened on SqliteSessionStore: 0 sessions restored, 0 timers fired catching up",
                "Session clock started: due timers fire every 00:00:01",
                "Session chat-1 (EnhancedCustomerInitiated) started in Waiting",
                "Session chat-1 (EnhancedCustomerInitiated): Waiting --Accept--> Active",
                "Session chat-1 (EnhancedCustomerInitiated): Active --RepMessage--> Active",
                "Session chat-1 (EnhancedCustomerInitiated): Accept refused in Active (NotPermitted)",
                "Session out-7 (EnhancedBusinessInitiated): Start refused by rule PreviousSessionMustBeClosed",
                "Session chat-1 (EnhancedCustomerInitiated): Delete refused by rule OnlyClosedSessionsCanBeDeleted",
                "Session chat-1 (EnhancedCustomerInitiated): timer CustomerInactivityCountdown fired, Active --> Inactive, due 2026-03-02T09:10:00.0000000+00:00, 00:00:00 late",
            ],
            records.Select(r => r.Id.Id == SessionDslLogEvents.HostOpened ? r.Message[..r.Message.IndexOf(", in ", StringComparison.Ordinal)] : r.Message));
        Assert.Equal("chat-1", records[3].GetStructuredStateValue("Key"));
    }

    [Fact]
    public async Task Each_call_is_a_span_under_the_callers_activity_with_what_it_did()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SessionDslDiagnostics.ActivitySourceName or "test-request",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var request = new ActivitySource("test-request");
        await using TestService service = await TestService.StartAsync(_folder.File("sessions.db"));
        var customer = service.Services.GetRequiredService<LifecycleHandle<EnhancedCustomerInitiated.Options>>();
        string key = $"span-{Guid.NewGuid():N}"; // listeners are process-wide: this test's spans are the ones with its key

        Activity parent;
        using (parent = request.StartActivity("POST /sessions")!)
        {
            service.Host.Start(key, "ann/WhatsApp", customer, TenMinutes).OrThrow();
            service.Host.Apply(key, E.Accept).OrThrow();
            service.Host.Apply(key, E.Accept);
        }

        List<Activity> mine;
        lock (spans)
        {
            mine = spans.Where(s => key.Equals(s.GetTagItem("sessiondsl.session.key"))).ToList();
        }

        Assert.Equal(["SessionDsl Start", "SessionDsl Apply", "SessionDsl Apply"], mine.Select(s => s.DisplayName));
        Assert.All(mine, s => Assert.Equal(parent.SpanId, s.ParentSpanId));
        Assert.All(mine, s => Assert.True(s.Duration > TimeSpan.Zero && s.StartTimeUtc >= parent.StartTimeUtc));
        Assert.Equal(
            ["Started -> Waiting", "Applied Waiting -> Active", "EventRefused Active -> "],
            mine.Select(s => $"{s.GetTagItem("sessiondsl.outcome")} {s.GetTagItem("sessiondsl.from")}{(s.GetTagItem("sessiondsl.from") is null ? "" : " ")}-> {s.GetTagItem("sessiondsl.to")}"));
        Assert.Equal("EnhancedCustomerInitiated", mine[1].GetTagItem("sessiondsl.lifecycle"));
        Assert.Equal("Accept", mine[1].GetTagItem("sessiondsl.event"));
    }

    [Fact]
    public async Task The_health_check_reports_a_healthy_host_with_its_figures()
    {
        await using TestService service = await TestService.StartAsync(_folder.File("sessions.db"));
        var customer = service.Services.GetRequiredService<LifecycleHandle<EnhancedCustomerInitiated.Options>>();
        service.Host.Start("chat-1", "ann/WhatsApp", customer, TenMinutes).OrThrow();

        HealthReportEntry entry = (await service.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["SessionDsl"];

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("1 sessions, 0 pending deadlines, committed up to position 1.", entry.Description);
        Assert.Equal(1, entry.Data["sessions"]);
    }

    [Fact]
    public async Task A_store_that_stops_committing_makes_the_host_unhealthy_and_is_logged()
    {
        FailingCommits? store = null;
        await using TestService service = await TestService.StartAsync(
            _folder.File("sessions.db"),
            options: o => o.Durability = Durability.GroupCommit,
            wrapStore: inner => store = new FailingCommits(inner));
        var customer = service.Services.GetRequiredService<LifecycleHandle<EnhancedCustomerInitiated.Options>>();
        await service.Host.StartAsync("chat-1", "ann/WhatsApp", customer, TenMinutes);

        store!.Fail = true;
        service.Host.Apply("chat-1", E.Accept); // returns at once; its group commit fails a few milliseconds later
        HealthReportEntry entry = (await service.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["SessionDsl"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("The store is failing: ", entry.Description, StringComparison.Ordinal);
        Assert.Contains("disk I/O error (injected by the test)", entry.Description, StringComparison.Ordinal);
        FakeLogRecord failed = Assert.Single(service.Logs.GetSnapshot(), r => r.Id.Id == SessionDslLogEvents.CommitFailed);
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Equal("Session store: a commit of 1 changes failed (GroupCommit)", failed.Message);
    }

    [Fact]
    public async Task A_clock_that_cannot_fire_its_timers_is_degraded_until_it_recovers()
    {
        FailingCommits? store = null;
        await using TestService service = await TestService.StartAsync(_folder.File("sessions.db"), wrapStore: inner => store = new FailingCommits(inner));
        var customer = service.Services.GetRequiredService<LifecycleHandle<EnhancedCustomerInitiated.Options>>();
        var health = service.Services.GetRequiredService<HealthCheckService>();
        service.Host.Start("chat-1", "ann/WhatsApp", customer, TenMinutes).OrThrow();
        service.Host.Apply("chat-1", E.Accept).OrThrow();
        service.Host.Apply("chat-1", E.RepMessage).OrThrow();

        store!.Fail = true;
        service.Time.Advance(TimeSpan.FromMinutes(10)); // the countdown is due, and its commit fails
        await TestService.Eventually(() => service.Logs.GetSnapshot().Any(r => r.Id.Id == SessionDslLogEvents.ClockFailed), "the clock's failure is logged");
        service.Time.Advance(TimeSpan.FromMinutes(1));
        HealthReportEntry degraded = (await health.CheckHealthAsync()).Entries["SessionDsl"];

        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.StartsWith("The clock has not advanced for 00:11:00; its last advance failed: ", degraded.Description, StringComparison.Ordinal);
        Assert.Equal(S.Active, service.Host.Get("chat-1").Status); // a failed commit changed nothing

        store.Fail = false;
        service.Time.Advance(TimeSpan.FromSeconds(1));
        await TestService.Eventually(() => service.Host.Get("chat-1").Status == S.Inactive, "the timer fired once the store came back");
        await TestService.Eventually(() => service.Logs.GetSnapshot().Any(r => r.Id.Id == SessionDslLogEvents.ClockRecovered), "the recovery is logged");
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Entries["SessionDsl"].Status);
        Assert.Equal(TestService.Start.AddMinutes(10), service.Host.Get("chat-1").State.EnteredAt);
        Assert.Single(service.Logs.GetSnapshot(), r => r.Id.Id == SessionDslLogEvents.ClockFailed); // once, not every tick
    }
}
