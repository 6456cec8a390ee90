using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionDsl.Extensions.Hosting;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a SessionDsl session host in a service.</summary>
public static class SessionDslServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="SessionHost{TKey, TPartition, TStatus, TEvent}"/> as a singleton with its lifecycles, store and
    /// options (<see cref="SessionDslOptions"/>); a hosted service that opens it when the application starts, runs its clock,
    /// and on stop commits every pending change and closes the store; its logs, metrics (meter <c>SessionDsl</c>) and spans;
    /// <see cref="SessionLifecycles{TKey, TPartition, TStatus, TEvent}"/> to start sessions by lifecycle name; and a health
    /// check named <c>SessionDsl</c>. The host reads the <see cref="TimeProvider"/> service if there is one, else the system clock.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds lifecycles, the store and options.</param>
    /// <exception cref="InvalidOperationException">A host of these types is already registered.</exception>
    public static SessionDslBuilder<TKey, TPartition, TStatus, TEvent> AddSessionDsl<TKey, TPartition, TStatus, TEvent>(this IServiceCollection services, Action<SessionDslBuilder<TKey, TPartition, TStatus, TEvent>>? configure = null)
        where TKey : notnull, IEquatable<TKey>
        where TPartition : notnull, IEquatable<TPartition>
        where TStatus : struct, Enum
        where TEvent : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(s => s.ServiceType == typeof(SessionDslRegistration<TKey, TPartition, TStatus, TEvent>)))
        {
            throw new InvalidOperationException($"AddSessionDsl<{typeof(TKey).Name}, {typeof(TPartition).Name}, {typeof(TStatus).Name}, {typeof(TEvent).Name}> was called twice; add every lifecycle in one call.");
        }

        var registration = new SessionDslRegistration<TKey, TPartition, TStatus, TEvent>();
        services.AddSingleton(registration);
        services.AddOptions<SessionDslOptions>();
        services.AddMetrics();
        services.AddSingleton(provider => CreateHost(provider, registration));
        services.AddSingleton(provider => new SessionLifecycles<TKey, TPartition, TStatus, TEvent>(provider.GetRequiredService<SessionHost<TKey, TPartition, TStatus, TEvent>>(), registration));
        services.AddHostedService<SessionDslClock<TKey, TPartition, TStatus, TEvent>>();
        services.AddHealthChecks().AddCheck<SessionDslHealthCheck<TKey, TPartition, TStatus, TEvent>>("SessionDsl");
        var builder = new SessionDslBuilder<TKey, TPartition, TStatus, TEvent>(services, registration);
        configure?.Invoke(builder);
        return builder;
    }

    private static SessionHost<TKey, TPartition, TStatus, TEvent> CreateHost<TKey, TPartition, TStatus, TEvent>(IServiceProvider provider, SessionDslRegistration<TKey, TPartition, TStatus, TEvent> registration)
        where TKey : notnull, IEquatable<TKey>
        where TPartition : notnull, IEquatable<TPartition>
        where TStatus : struct, Enum
        where TEvent : struct, Enum
    {
        SessionDslOptions options = provider.GetRequiredService<IOptions<SessionDslOptions>>().Value;
        ILogger logger = (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(SessionDslDiagnostics.LoggerCategory);
        var telemetry = new SessionDslTelemetry(provider.GetRequiredService<IMeterFactory>(), logger);
        TimeProvider time = provider.GetService<TimeProvider>() ?? TimeProvider.System;
        ISessionStore? store = registration.StoreFactory?.Invoke(provider);
        var host = new SessionHost<TKey, TPartition, TStatus, TEvent>(new SessionHostOptions
        {
            TimeProvider = time,
            Store = store,
            Durability = options.Durability,
            GroupCommitInterval = options.GroupCommitInterval,
            MaxChangesPerCommit = options.MaxChangesPerCommit,
            Tick = options.Tick,
            Capacity = options.Capacity,
            Migration = options.Migration,
            Observer = telemetry,
        });
        try
        {
            foreach (LifecycleEntry<TKey, TPartition, TStatus, TEvent> lifecycle in registration.Lifecycles)
            {
                lifecycle.Register(host);
            }

            ClockState clock = registration.Clock;
            telemetry.Attach(() => host.Count, () => host.PendingDeadlines, () => clock.Lag);
            long started = Stopwatch.GetTimestamp();
            host.Open();
            Log.HostOpened(
                logger,
                store?.GetType().Name ?? "memory (no store)",
                host.Count,
                host.TimersFired,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                string.Join(", ", registration.Lifecycles.Select(l => l.Name)));
        }
        catch
        {
            host.Dispose();
            throw;
        }

        registration.Time = time;
        registration.Telemetry = telemetry;
        registration.Host = host;
        return host;
    }
}
