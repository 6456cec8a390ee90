using Microsoft.Extensions.DependencyInjection;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Extensions.Hosting;

/// <summary>
/// What <c>AddSessionDsl</c> registers, in one place: the lifecycles the host runs, its store, and its options.
/// Each lifecycle's <see cref="LifecycleHandle{TOptions}"/> is a service too, and
/// <see cref="SessionLifecycles{TKey, TPartition, TStatus, TEvent}"/> starts sessions of them by name.
/// </summary>
/// <typeparam name="TKey">The application's session key.</typeparam>
/// <typeparam name="TPartition">The partition key the rules across sessions span.</typeparam>
/// <typeparam name="TStatus">The lifecycles' shared status enum.</typeparam>
/// <typeparam name="TEvent">The lifecycles' shared event enum.</typeparam>
public sealed class SessionDslBuilder<TKey, TPartition, TStatus, TEvent>
    where TKey : notnull, IEquatable<TKey>
    where TPartition : notnull, IEquatable<TPartition>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    internal SessionDslBuilder(IServiceCollection services, SessionDslRegistration<TKey, TPartition, TStatus, TEvent> registration)
    {
        Services = services;
        Registration = registration;
    }

    /// <summary>The service collection the host is registered in.</summary>
    public IServiceCollection Services { get; }

    internal SessionDslRegistration<TKey, TPartition, TStatus, TEvent> Registration { get; }

    /// <summary>
    /// Registers lifecycle <typeparamref name="TLifecycle"/> with the host (its rules come with it), and its handle
    /// <see cref="LifecycleHandle{TOptions}"/> as a service.
    /// </summary>
    public SessionDslBuilder<TKey, TPartition, TStatus, TEvent> AddLifecycle<TLifecycle, TOptions>()
        where TLifecycle : struct, ILifecycle<TStatus, TEvent, TOptions>
        where TOptions : struct
    {
        var entry = new LifecycleEntry<TLifecycle, TKey, TPartition, TStatus, TEvent, TOptions>();
        if (Registration.Lifecycles.Any(l => l.Name == entry.Name))
        {
            throw new InvalidOperationException($"Lifecycle '{entry.Name}' is already added to this host.");
        }

        Registration.Lifecycles.Add(entry);
        Services.AddSingleton(provider =>
        {
            provider.GetRequiredService<SessionHost<TKey, TPartition, TStatus, TEvent>>(); // registered and opened with it
            return entry.Handle;
        });
        return this;
    }

    /// <summary>
    /// Keeps the host's sessions in the store <paramref name="factory"/> makes (for example a <c>SqliteSessionStore</c>);
    /// without one, sessions live in memory only. The host disposes the store when it stops.
    /// </summary>
    public SessionDslBuilder<TKey, TPartition, TStatus, TEvent> UseStore(Func<IServiceProvider, ISessionStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Registration.StoreFactory = factory;
        return this;
    }

    /// <summary>Sets the host's options (<see cref="SessionDslOptions"/>).</summary>
    public SessionDslBuilder<TKey, TPartition, TStatus, TEvent> Configure(Action<SessionDslOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }
}

/// <summary>What the builder collected: read when the host is made.</summary>
internal sealed class SessionDslRegistration<TKey, TPartition, TStatus, TEvent>
    where TKey : notnull, IEquatable<TKey>
    where TPartition : notnull, IEquatable<TPartition>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    public List<LifecycleEntry<TKey, TPartition, TStatus, TEvent>> Lifecycles { get; } = [];

    public Func<IServiceProvider, ISessionStore>? StoreFactory { get; set; }

    public ClockState Clock { get; } = new();

    /// <summary>Set once the host is made and open.</summary>
    public SessionHost<TKey, TPartition, TStatus, TEvent>? Host { get; set; }

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public SessionDslTelemetry Telemetry { get; set; } = null!;
}
