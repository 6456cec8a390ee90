using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SessionDsl.Extensions.Hosting;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using SessionDsl.Messaging;
using SessionDsl.Sqlite;

namespace SessionDsl.Extensions.Hosting.Tests;

/// <summary>
/// A real Generic Host with AddSessionDsl on the four messaging lifecycles and a SQLite file, a fake clock and fake
/// logging (every level), as a service would configure it.
/// </summary>
internal sealed class TestService : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private bool _stopped;

    private TestService(IHost host, FakeTimeProvider time)
    {
        App = host;
        Time = time;
        Logs = host.Services.GetFakeLogCollector();
    }

    public IHost App { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => App.Services;

    public SessionHost<string, string, MessagingSessionStatus, MessagingSessionEvent> Host => Services.GetRequiredService<SessionHost<string, string, MessagingSessionStatus, MessagingSessionEvent>>();

    public FakeLogCollector Logs { get; }

    /// <summary>Builds the service; <paramref name="beforeStart"/> sees its services before the host is made (to attach collectors).</summary>
    public static async Task<TestService> StartAsync(string database, FakeTimeProvider? time = null, Action<SessionDslOptions>? options = null, Func<ISessionStore, ISessionStore>? wrapStore = null, Action<IServiceProvider>? beforeStart = null)
    {
        time ??= new FakeTimeProvider(Start);
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSessionDsl<string, string, MessagingSessionStatus, MessagingSessionEvent>(dsl => dsl
            .AddLifecycle<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>()
            .AddLifecycle<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>()
            .AddLifecycle<StandardCustomerInitiated, StandardCustomerInitiated.Options>()
            .AddLifecycle<StandardBusinessInitiated, StandardBusinessInitiated.Options>()
            .UseStore(_ =>
            {
                ISessionStore store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = database });
                return wrapStore?.Invoke(store) ?? store;
            })
            .Configure(o =>
            {
                o.Tick = TimeSpan.FromSeconds(1);
                options?.Invoke(o);
            }));
        IHost app = builder.Build();
        beforeStart?.Invoke(app.Services);
        await app.StartAsync();
        return new TestService(app, time);
    }

    /// <summary>Waits (in real time, at most 10 s) until <paramref name="condition"/> holds: the clock runs on its own task.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Not within 10 s: {what}");
            }

            await Task.Delay(10);
        }
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await App.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        App.Dispose();
    }
}

/// <summary>
/// The real SQLite store, with commits that can be made to fail from a switch: how a full or vanished disk looks to the
/// host, without needing one.
/// </summary>
internal sealed class FailingCommits(ISessionStore inner) : ISessionStore
{
    public volatile bool Fail;

    public StoreHead Open() => inner.Open();

    public IEnumerable<StoredSession> ReadSessions() => inner.ReadSessions();

    public void Commit(StoreBatch batch)
    {
        if (Fail)
        {
            throw new IOException("disk I/O error (injected by the test)");
        }

        inner.Commit(batch);
    }

    public IReadOnlyList<StoredChange> ReadChanges(long afterPosition, int max) => inner.ReadChanges(afterPosition, max);

    public long ReadAcknowledged(string subscriber) => inner.ReadAcknowledged(subscriber);

    public void Acknowledge(string subscriber, long position) => inner.Acknowledge(subscriber, position);

    public string? ReadCheckpoint(string name) => inner.ReadCheckpoint(name);

    public void Dispose() => inner.Dispose();
}
