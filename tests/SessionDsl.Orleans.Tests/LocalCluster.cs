using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using SessionDsl.Orleans.Silo;
using SessionDsl.Orleans.Silo.Chats;
using SessionDsl.Tooling;
using StackExchange.Redis;

namespace SessionDsl.Orleans.Tests;

/// <summary>
/// A cluster on this machine: a Redis server of its own, silo processes (killed with SIGKILL or stopped with SIGTERM
/// and started again by the tests), an Orleans client in the test process, and the cluster's feed.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(1);

    private readonly List<SiloProcess?> _silos = [];
    private IHost? _client;

    private LocalCluster(LocalRedis redis)
    {
        Redis = redis;
        ServiceId = "sessiondsl-test-" + Guid.NewGuid().ToString("N")[..8];
    }

    public LocalRedis Redis { get; }

    public string ServiceId { get; }

    public ClusterFeed Feed { get; private set; } = null!;

    public SessionClusterClient<ChatStatus, ChatEvent> Client { get; private set; } = null!;

    public IGrainFactory Grains => _client!.Services.GetRequiredService<IClusterClient>();

    public IReadOnlyList<SiloProcess?> Silos => _silos;

    public static async Task<LocalCluster> StartAsync(int silos)
    {
        var cluster = new LocalCluster(LocalRedis.Start());
        try
        {
            await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => cluster.StartSiloAsync()));
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders(); // a killed silo makes the client log every broken connection
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ServiceId;
                    options.ServiceId = cluster.ServiceId;
                });
                client.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis.Configuration));
                client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
                client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5)); // a call to a dead silo fails fast and is retried
            });
            cluster._client = builder.Build();
            await cluster._client.StartAsync();
            cluster.Client = new SessionClusterClient<ChatStatus, ChatEvent>(cluster.Grains) { RetryFor = TimeSpan.FromSeconds(60) };
            cluster.Feed = await ClusterFeed.ConnectAsync(cluster.Redis.Configuration, cluster.ServiceId);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo process and waits until it says it is ready; returns its index.</summary>
    public async Task<int> StartSiloAsync()
    {
        var settings = new SiloSettings(Redis.Configuration, ServiceId, LocalRedis.FreePort(), LocalRedis.FreePort(), ReminderPeriod);
        SiloProcess silo = await SiloProcess.StartAsync(settings);
        lock (_silos)
        {
            _silos.Add(silo);
            return _silos.Count - 1;
        }
    }

    /// <summary>SIGKILL: the silo ends at once, says goodbye to nobody, and its grains are lost until others take them.</summary>
    public void KillSilo(int index)
    {
        _silos[index]!.Kill();
        _silos[index] = null;
    }

    /// <summary>SIGTERM: the silo shuts down gracefully (hands its grains off), as a rolling restart does.</summary>
    public async Task StopSiloAsync(int index)
    {
        await _silos[index]!.StopAsync();
        _silos[index] = null;
    }

    /// <summary>Every change in the cluster's feed, in feed order.</summary>
    public async Task<List<ClusterFeedEntry>> ReadWholeFeedAsync()
    {
        var all = new List<ClusterFeedEntry>();
        string? after = null;
        while (true)
        {
            IReadOnlyList<ClusterFeedEntry> page = await Feed.ReadAsync(after, 5000);
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
            after = page[^1].Id;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // the silos may be gone already
            }

            _client.Dispose();
        }

        Feed?.Dispose();
        foreach (SiloProcess? silo in _silos)
        {
            silo?.Kill();
        }

        Redis.Dispose();
    }
}

/// <summary>One silo in a child process.</summary>
public sealed class SiloProcess
{
    private static readonly string SiloPath = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloPath").Value!;
    private readonly Process _process;
    private readonly List<string> _errors;

    private SiloProcess(Process process, List<string> errors)
    {
        _process = process;
        _errors = errors;
    }

    public int Id => _process.Id;

    public static async Task<SiloProcess> StartAsync(SiloSettings settings)
    {
        if (!File.Exists(SiloPath))
        {
            throw new InvalidOperationException($"The test silo is not built at {SiloPath}; build the solution first.");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(SiloPath);
        foreach (string arg in settings.ToArgs())
        {
            start.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new List<string>();
        Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "ready")
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (errors)
                {
                    errors.Add(line);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo = new SiloProcess(process, errors);
        Task exited = process.WaitForExitAsync();
        Task first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != ready.Task)
        {
            silo.Kill();
            string tail;
            lock (errors)
            {
                tail = string.Join(Environment.NewLine, errors.TakeLast(30));
            }

            throw new InvalidOperationException($"The silo (port {settings.SiloPort}) did not get ready ({(first == exited ? "it exited" : "no answer in 90 s")}):{Environment.NewLine}{tail}");
        }

        return silo;
    }

    public void Kill()
    {
        try
        {
            _process.Kill(); // SIGKILL
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async Task StopAsync()
    {
        using (Process term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }
}
