using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using StackExchange.Redis;

namespace SessionDsl.Orleans;

/// <summary>Registers SessionDsl's partitions on an Orleans silo.</summary>
public static class SessionClusterSiloExtensions
{
    /// <summary>
    /// Runs the lifecycles <paramref name="lifecycles"/> registers on this silo, one grain per partition. The silo also
    /// needs a grain storage provider named <see cref="SessionClusterOptions.StorageName"/> and a reminder service:
    /// <see cref="AddSessionDslRedis"/> adds both on Redis.
    /// </summary>
    public static ISiloBuilder AddSessionDsl<TStatus, TEvent>(this ISiloBuilder silo, Action<SessionClusterLifecycles<TStatus, TEvent>> lifecycles, Action<SessionClusterOptions>? configure = null)
        where TStatus : struct, Enum
        where TEvent : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(lifecycles);
        var registered = new SessionClusterLifecycles<TStatus, TEvent>();
        lifecycles(registered);
        if (registered.Names.Count == 0)
        {
            throw new ArgumentException("Register at least one lifecycle (lifecycles.Register<TLifecycle, TOptions>()).", nameof(lifecycles));
        }

        silo.Services.AddSingleton<IPartitionHostFactory>(registered);
        silo.Services.AddOptions<SessionClusterOptions>().Configure(options => configure?.Invoke(options)).Validate(
            options =>
            {
                options.Validate();
                return true;
            });
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton(services =>
        {
            SessionClusterOptions options = services.GetRequiredService<IOptions<SessionClusterOptions>>().Value;
            return ClusterFeed.Connect(options.RedisConfiguration, options.FeedKeyPrefix);
        });
        silo.Services.AddHostedService<FeedSweeper>();
        return silo;
    }

    /// <summary>
    /// Keeps the partitions' state (grain storage <see cref="SessionClusterOptions.StorageName"/>) and their reminders
    /// on the Redis server <paramref name="redisConfiguration"/>, and sets <see cref="SessionClusterOptions.RedisConfiguration"/>
    /// to it for the changes feed.
    /// </summary>
    public static ISiloBuilder AddSessionDslRedis(this ISiloBuilder silo, string redisConfiguration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(redisConfiguration);
        silo.AddRedisGrainStorage(SessionClusterOptions.StorageName, options => options.ConfigurationOptions = ConfigurationOptions.Parse(redisConfiguration));
        silo.UseRedisReminderService(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redisConfiguration));
        silo.Services.Configure<SessionClusterOptions>(options => options.RedisConfiguration = redisConfiguration);
        return silo;
    }
}

/// <summary>
/// Wakes partitions whose changes reached their state but not the feed (their silo died between the two), so that
/// they publish them. Every silo sweeps; a partition woken twice publishes nothing twice.
/// </summary>
internal sealed class FeedSweeper(ClusterFeed feed, IGrainFactory grains, IOptions<SessionClusterOptions> options, TimeProvider time, Microsoft.Extensions.Logging.ILogger<FeedSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SessionClusterOptions settings = options.Value;
        using var timer = new PeriodicTimer(settings.FeedSweepPeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                foreach (string partition in await feed.StalePartitionsAsync(time.GetUtcNow() - settings.FeedSweepAge, max: 1000).ConfigureAwait(false))
                {
                    await grains.GetGrain<ISessionPartitionGrain>(partition).Advance().ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stoppingToken.IsCancellationRequested)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(log, e, "The feed sweep failed; it runs again in {Period}", settings.FeedSweepPeriod);
            }
        }
    }
}
