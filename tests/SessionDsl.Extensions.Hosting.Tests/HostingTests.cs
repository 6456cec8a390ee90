using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using SessionDsl.Messaging;
using SessionDsl.Sqlite;
using Xunit;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Extensions.Hosting.Tests;

/// <summary>AddSessionDsl in a Generic Host: opened with the application, a clock that fires timers, a shutdown that loses nothing.</summary>
public sealed class HostingTests : IDisposable
{
    private static readonly EnhancedCustomerInitiated.Options TenMinutes = new() { InactivityTimeout = TimeSpan.FromMinutes(10) };

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_hosted_clock_fires_a_timer_when_the_clock_passes_its_deadline()
    {
        await using TestService service = await TestService.StartAsync(_folder.File("sessions.db"));
        var customer = service.Services.GetRequiredService<LifecycleHandle<EnhancedCustomerInitiated.Options>>();
        SessionHost<string, string, S, E> host = service.Host;

        host.Start("chat-1", "ann/WhatsApp", customer, TenMinutes).OrThrow();
        host.Apply("chat-1", E.Accept).OrThrow();
        host.Apply("chat-1", E.RepMessage).OrThrow(); // the customer's inactivity countdown: 10 minutes
        service.Time.Advance(TimeSpan.FromMinutes(10));

        await TestService.Eventually(() => host.Get("chat-1").Status == S.Inactive, "the countdown made chat-1 Inactive");
        Assert.Equal(TestService.Start.AddMinutes(10), host.Get("chat-1").State.EnteredAt);
    }

    [Fact]
    public async Task A_session_outlives_a_restart_and_its_timer_fires_in_the_catch_up_when_the_service_comes_back()
    {
        string database = _folder.File("sessions.db");
        var time = new FakeTimeProvider(TestService.Start);
        await using (TestService first = await TestService.StartAsync(database, time))
        {
            var customer = first.Services.GetRequiredService<LifecycleHandle<EnhancedCustomerInitiated.Options>>();
            first.Host.Start("chat-1", "ann/WhatsApp", customer, TenMinutes).OrThrow();
            first.Host.Apply("chat-1", E.Accept).OrThrow();
            first.Host.Apply("chat-1", E.RepMessage).OrThrow();
        }

        time.Advance(TimeSpan.FromHours(1)); // the service is down when the countdown falls due
        await using TestService second = await TestService.StartAsync(database, time);

        SessionView<string, string, S> chat = second.Host.Get("chat-1");
        Assert.Equal(S.Inactive, chat.Status);
        Assert.Equal(TestService.Start.AddMinutes(10), chat.State.EnteredAt); // at its own deadline, not when the service came back
        Assert.Contains(second.Logs.GetSnapshot(), r => r.Id.Id == SessionDslLogEvents.HostOpened && r.Message.Contains("1 sessions restored, 1 timers fired catching up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_the_service_commits_every_pending_group_commit_and_closes_the_store()
    {
        string database = _folder.File("sessions.db");
        TestService service = await TestService.StartAsync(database, options: o =>
        {
            o.Durability = Durability.GroupCommit;
            o.GroupCommitInterval = TimeSpan.FromSeconds(10); // nothing would be committed before the stop but for the flush
        });
        var customer = service.Services.GetRequiredService<LifecycleHandle<EnhancedCustomerInitiated.Options>>();
        for (int i = 0; i < 50; i++)
        {
            service.Host.Start($"chat-{i}", $"user-{i}/Sms", customer, TenMinutes).OrThrow();
            service.Host.Apply($"chat-{i}", E.Accept).OrThrow();
        }

        long last = service.Host.LastPosition;
        await service.DisposeAsync();

        var logs = service.Logs.GetSnapshot();
        Assert.Contains(logs, r => r.Id.Id == SessionDslLogEvents.Stopping && r.Message.Contains($"up to position {last}", StringComparison.Ordinal));
        Assert.Contains(logs, r => r.Id.Id == SessionDslLogEvents.Stopped && r.Message == $"Session host stopped: 50 sessions, committed up to position {last}, store closed");
        using var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = database }); // opens: the host let go of it
        Assert.Equal(last, store.Open().LastPosition);
        Assert.Equal(50, store.ReadSessions().Count(s => s.Status == nameof(S.Active)));
    }

    [Fact]
    public async Task Lifecycles_are_started_by_name_with_options_as_text()
    {
        await using TestService service = await TestService.StartAsync(_folder.File("sessions.db"));
        var lifecycles = service.Services.GetRequiredService<SessionLifecycles<string, string, S, E>>();

        HostResult<string, S, E> started = lifecycles.Start(nameof(EnhancedCustomerInitiated), "chat-1", "ann/WhatsApp", "inactivityTimeout=15m");

        Assert.Equal(HostOutcome.Started, started.Outcome);
        Assert.Contains("inactivityTimeout=15m", service.Host.Get("chat-1").OptionsText, StringComparison.Ordinal);
        Assert.Contains(lifecycles.Descriptions, d => d.Name == nameof(StandardBusinessInitiated));
        KeyNotFoundException unknown = Assert.Throws<KeyNotFoundException>(() => lifecycles.Start("CustomerChat", "chat-2", "ann/WhatsApp"));
        Assert.Contains(nameof(EnhancedCustomerInitiated), unknown.Message, StringComparison.Ordinal);
        FormatException invalid = Assert.Throws<FormatException>(() => lifecycles.Start(nameof(EnhancedCustomerInitiated), "chat-2", "ann/WhatsApp", "inactivityTimeout=2h"));
        Assert.StartsWith("Options of EnhancedCustomerInitiated are invalid: ", invalid.Message, StringComparison.Ordinal);
        Assert.False(service.Host.TryGet("chat-2", out _));
    }

    [Fact]
    public async Task A_store_that_cannot_be_opened_stops_the_application_from_starting()
    {
        string database = _folder.File("not-a-store.db");
        await File.WriteAllBytesAsync(database, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());

        await Assert.ThrowsAsync<SessionStoreException>(() => TestService.StartAsync(database));
    }
}
