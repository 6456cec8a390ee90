using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using SessionDsl.Orleans;
using StackExchange.Redis;

namespace SessionDsl.Tooling;

/// <summary>
/// An Orleans cluster of several silos in this process on a Redis server, running SessionDsl's partitions, with a
/// client: for the main job's <c>--cluster</c> and the cluster benchmark. The silos' SessionDsl hosts share one
/// <see cref="TimeProvider"/> (a fake clock in the main job; Orleans itself keeps real time). The tests use silo
/// processes instead, so that they can kill them.
/// </summary>
public sealed class InProcessCluster<TStatus, TEvent> : IAsyncDisposable
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    private readonly List<IHost> _silos = [];
    private IHost? _client;

    private InProcessCluster(string serviceId) => ServiceId = serviceId;

    public string ServiceId { get; }

    public int SiloCount => _silos.Count;

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    public SessionClusterClient<TStatus, TEvent> Sessions { get; private set; } = null!;

    public ClusterFeed Feed { get; private set; } = null!;

    public static async Task<InProcessCluster<TStatus, TEvent>> StartAsync(int silos, string redis, Action<SessionClusterLifecycles<TStatus, TEvent>> lifecycles, TimeProvider time, TimeSpan? reminderPeriod = null)
    {
        var cluster = new InProcessCluster<TStatus, TEvent>("sessiondsl-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            for (int i = 0; i < silos; i++)
            {
                HostApplicationBuilder builder = Host.CreateApplicationBuilder();
                builder.Logging.ClearProviders();
                builder.UseOrleans(silo =>
                {
                    silo.Configure<ClusterOptions>(options =>
                    {
                        options.ClusterId = cluster.ServiceId;
                        options.ServiceId = cluster.ServiceId;
                    });
                    silo.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
                    silo.ConfigureEndpoints(IPAddress.Loopback, LocalRedis.FreePort(), LocalRedis.FreePort(), listenOnAnyHostAddress: false);
                    if (reminderPeriod is { } period)
                    {
                        silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = period);
                    }

                    silo.AddSessionDslRedis(redis);
                    silo.AddSessionDsl(lifecycles, options =>
                    {
                        options.FeedKeyPrefix = cluster.ServiceId;
                        options.TimeProvider = time; // SessionDsl's clock only: Orleans keeps real time
                        options.ReminderPeriod = reminderPeriod ?? options.ReminderPeriod;
                    });
                });
                IHost host = builder.Build();
                cluster._silos.Add(host);
                await host.StartAsync().ConfigureAwait(false);
            }

            HostApplicationBuilder clientBuilder = Host.CreateApplicationBuilder();
            clientBuilder.Logging.ClearProviders();
            clientBuilder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ServiceId;
                    options.ServiceId = cluster.ServiceId;
                });
                client.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            });
            cluster._client = clientBuilder.Build();
            await cluster._client.StartAsync().ConfigureAwait(false);
            cluster.Sessions = new SessionClusterClient<TStatus, TEvent>(cluster.Client);
            cluster.Feed = await ClusterFeed.ConnectAsync(redis, cluster.ServiceId).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Every change in the cluster's feed, in feed order.</summary>
    public async IAsyncEnumerable<ClusterFeedEntry> ReadFeedAsync()
    {
        string? after = null;
        while (true)
        {
            IReadOnlyList<ClusterFeedEntry> page = await Feed.ReadAsync(after, 10_000).ConfigureAwait(false);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (ClusterFeedEntry entry in page)
            {
                yield return entry;
            }

            after = page[^1].Id;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync().ConfigureAwait(false);
            _client.Dispose();
        }

        Feed?.Dispose();
        foreach (IHost silo in Enumerable.Reverse(_silos))
        {
            try
            {
                await silo.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            finally
            {
                silo.Dispose();
            }
        }
    }
}
