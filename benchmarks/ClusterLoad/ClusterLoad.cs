using System.Diagnostics;
using System.Globalization;
using SessionDsl.Hosting;
using SessionDsl.Messaging;
using SessionDsl.Orleans;
using SessionDsl.Sqlite;
using SessionDsl.Tooling;
using StackExchange.Redis;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.ClusterLoad;

/// <summary>
/// A load driver (not BenchmarkDotNet: a cluster call is milliseconds of network and Redis, and the question is
/// throughput and latency percentiles under concurrency): the same workload through the single-process durable host on
/// a SQLite file and through a client into an Orleans cluster of in-process silos on a Redis server, in one run on one
/// machine, so that the ratios compare like with like. Also the memory a partition's grain holds per session.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/ClusterLoad -- [--seconds 15] [--workers 32] [--partitions 2000] [--pause]</c>.
/// Workload: each worker owns partitions (one messaging user each, one EnhancedCustomerInitiated session); a session
/// is started, accepted, then gets the rep's and the customer's messages in turn; every call waits until it is durable
/// (a SQLite commit, group or per call; a Redis state write in the cluster).
/// </remarks>
internal static class ClusterLoad
{
    private static readonly EnhancedCustomerInitiated.Options Options = new() { InactivityTimeout = TimeSpan.FromMinutes(30) };

    public static async Task<int> RunAsync(string[] args)
    {
        int seconds = Arg(args, "--seconds", 15);
        int workers = Arg(args, "--workers", 32);
        int partitions = Arg(args, "--partitions", 2000);
        Console.WriteLine($"cluster-load: {workers} workers, {partitions} partitions, {seconds} s measured after {Math.Max(2, seconds / 5)} s of warm-up; {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| host | calls/s | p50 ms | p95 ms | p99 ms | max ms | vs SQLite group commit | process CPU µs/call |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");

        var results = new List<(string Name, Result Result)>();
        using (var folder = new TempFolder())
        {
            foreach (Durability durability in new[] { Durability.GroupCommit, Durability.PerCall })
            {
                using var host = new SessionHost<string, string, S, E>(new SessionHostOptions
                {
                    Store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = Path.Combine(folder.Path, $"{durability}.db") }),
                    Durability = durability,
                });
                LifecycleHandle<EnhancedCustomerInitiated.Options> eci = host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>();
                host.Open();
                Result result = await MeasureAsync(workers, partitions, seconds, new Ops(
                    async (p, k) => (await host.StartAsync(k, p, eci, Options)).Succeeded,
                    async (p, k, e) => (await host.ApplyAsync(k, e)).Succeeded));
                string name = durability == Durability.GroupCommit ? "one process, SQLite, group commit" : "one process, SQLite, commit per call";
                results.Add((name, result));
                Print(name, result, results[0].Result);
            }
        }

        using LocalRedis redis = LocalRedis.Start();
        using ConnectionMultiplexer redisStats = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        IServer redisServer = redisStats.GetServer(redisStats.GetEndPoints()[0]);
        var memory = new List<string>();
        var redisCosts = new List<string>();
        foreach (int silos in new[] { 1, 3 })
        {
            await redisServer.ConfigResetStatisticsAsync();
            double cpuBefore = await RedisMainThreadCpuAsync(redisServer);
            await using InProcessCluster<S, E> cluster = await InProcessCluster<S, E>.StartAsync(silos, redis.Configuration, l => l.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(), TimeProvider.System);
            SessionClusterClient<S, E> client = cluster.Sessions;
            Result result = await MeasureAsync(workers, partitions, seconds, new Ops(
                async (p, k) => (await client.StartAsync<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(p, k, Options)).Succeeded,
                async (p, k, e) => (await client.ApplyAsync(p, k, e)).Succeeded));
            string name = $"Orleans, {silos} silo{(silos == 1 ? "" : "s")} in one process, Redis";
            results.Add((name, result));
            Print(name, result, results[0].Result);
            double cpu = await RedisMainThreadCpuAsync(redisServer) - cpuBefore;
            redisCosts.Add($"{name}: {await RedisCostAsync(redisServer, result.TotalCalls, cpu)}");

            // The marginal cost of a grain: the cluster is warm (its caches, connections and buffers are grown), then
            // as many partitions again are activated, each with one Active session.
            long before = Memory();
            Pause(args, $"{name}: before activating {partitions:N0} more partitions");
            string run = Guid.NewGuid().ToString("N")[..6];
            await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
            {
                for (int p = w; p < partitions; p += workers)
                {
                    await client.StartAsync<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>($"{run}-{p}", $"{run}-{p}-s", Options);
                    await client.ApplyAsync($"{run}-{p}", $"{run}-{p}-s", E.Accept);
                }
            })));
            long after = Memory();
            Pause(args, $"{name}: after activating them");
            memory.Add($"{name}: {(after - before) / (double)partitions:N0} bytes of managed heap per more active partition grain with one Active session (GC heap before and after activating {partitions:N0} more in a warm cluster)");
        }

        Console.WriteLine();
        redisCosts.ForEach(Console.WriteLine);
        Console.WriteLine();
        memory.ForEach(Console.WriteLine);
        Console.WriteLine($"single-process host, in memory: {InMemoryBytesPerSession(partitions):N0} bytes per session (same measure)");
        Console.WriteLine($"a partition's host on its own (as a grain opens it, one session): {PartitionHostBytes(500):N0} bytes");
        return 0;
    }

    /// <summary>With <c>--pause</c>, waits for a line on standard input, so that a heap snapshot can be taken (<c>dotnet-gcdump collect -p PID</c>).</summary>
    private static void Pause(string[] args, string where)
    {
        if (args.Contains("--pause"))
        {
            Console.WriteLine($"paused ({where}); process {Environment.ProcessId}; press Enter to go on");
            Console.ReadLine();
        }
    }

    private static void Print(string name, Result r, Result baseline) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.PerSecond:N0} | {r.Percentile(0.50):0.00} | {r.Percentile(0.95):0.00} | {r.Percentile(0.99):0.00} | {r.Percentile(1):0.00} | {r.PerSecond / baseline.PerSecond:0.00}x | {r.CpuMicrosecondsPerCall:N0} |"));

    private sealed record Ops(Func<string, string, Task<bool>> Start, Func<string, string, E, Task<bool>> Apply);

    /// <summary>
    /// What the Redis server spent on the run's calls (warm-up, membership, reminders and the feed included): the CPU
    /// time of its main thread, which runs every command and, with I/O threads off (the default), every socket read
    /// and write (<c>INFO cpu</c>), and the time in each command (<c>INFO commandstats</c>, reset before the run),
    /// divided by the calls the clients made.
    /// </summary>
    private static async Task<double> RedisMainThreadCpuAsync(IServer server)
    {
        Dictionary<string, string> cpu = (await server.InfoAsync("cpu")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        return double.Parse(cpu["used_cpu_user_main_thread"], CultureInfo.InvariantCulture) + double.Parse(cpu["used_cpu_sys_main_thread"], CultureInfo.InvariantCulture);
    }

    private static async Task<string> RedisCostAsync(IServer server, long calls, double mainThreadCpuSeconds)
    {
        IGrouping<string, KeyValuePair<string, string>>[] info = await server.InfoAsync("commandstats");
        double totalMicroseconds = 0;
        long commands = 0;
        var parts = new List<(string Command, long Calls, double Microseconds)>();
        foreach (KeyValuePair<string, string> line in info.SelectMany(g => g))
        {
            // cmdstat_set: calls=123,usec=456,usec_per_call=3.70,...
            Dictionary<string, string> fields = line.Value.Split(',').Select(f => f.Split('=')).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
            long n = long.Parse(fields["calls"], CultureInfo.InvariantCulture);
            double us = double.Parse(fields["usec"], CultureInfo.InvariantCulture);
            commands += n;
            totalMicroseconds += us;
            parts.Add((line.Key.Replace("cmdstat_", "", StringComparison.Ordinal), n, us));
        }

        string top = string.Join(", ", parts.OrderByDescending(p => p.Microseconds).Take(4).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Command} {p.Calls / (double)calls:0.00}/call {p.Microseconds / p.Calls:0.0} µs")));
        double perCall = mainThreadCpuSeconds * 1_000_000 / calls;
        return string.Create(CultureInfo.InvariantCulture, $"Redis's main thread used {perCall:0.0} µs of CPU per client call (network included; {totalMicroseconds / calls:0.0} µs executing {commands / (double)calls:0.0} commands: {top}), so one Redis server on such a core tops out near {1_000_000 / perCall:N0} calls/s");
    }

    private sealed class Result(long calls, TimeSpan elapsed, double[] latenciesMs, long totalCalls, double cpuMicrosecondsPerCall)
    {
        public long TotalCalls => totalCalls;

        /// <summary>This process's CPU time (callers, host or silos and client; not the Redis server) per call, warm-up included.</summary>
        public double CpuMicrosecondsPerCall => cpuMicrosecondsPerCall;

        public double PerSecond => calls / elapsed.TotalSeconds;

        public double Percentile(double p) => latenciesMs.Length == 0 ? 0 : latenciesMs[Math.Min(latenciesMs.Length - 1, (int)(p * latenciesMs.Length))];
    }

    private static async Task<Result> MeasureAsync(int workers, int partitions, int seconds, Ops ops)
    {
        string run = Guid.NewGuid().ToString("N")[..6];
        var latencies = new List<double>[workers];
        long measuredCalls = 0;
        long totalCalls = 0;
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var warmUp = TimeSpan.FromSeconds(Math.Max(2, seconds / 5));
        var stopwatch = Stopwatch.StartNew();
        TimeSpan end = warmUp + TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            var state = new Dictionary<int, int>(); // partition -> calls made on its session
            int i = 0;
            while (stopwatch.Elapsed < end)
            {
                int partition = w + (workers * (i++ % Math.Max(1, partitions / workers)));
                string p = $"{run}-user-{partition}";
                string key = $"{p}-session";
                int made = state.GetValueOrDefault(partition);
                long t0 = Stopwatch.GetTimestamp();
                bool ok = made switch
                {
                    0 => await ops.Start(p, key),
                    1 => await ops.Apply(p, key, E.Accept),
                    _ => await ops.Apply(p, key, made % 2 == 0 ? E.RepMessage : E.CustomerMessage),
                };
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (!ok)
                {
                    throw new InvalidOperationException($"The workload's call {made} on {key} was refused; the benchmark's workload is wrong.");
                }

                state[partition] = made + 1;
                Interlocked.Increment(ref totalCalls);
                if (stopwatch.Elapsed > warmUp)
                {
                    mine.Add(ms);
                    Interlocked.Increment(ref measuredCalls);
                }
            }
        })));
        double[] all = [.. latencies.SelectMany(l => l).Order()];
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new Result(measuredCalls, TimeSpan.FromSeconds(seconds), all, totalCalls, cpu.TotalMicroseconds / Math.Max(1, totalCalls));
    }

    private static long InMemoryBytesPerSession(int sessions)
    {
        using var host = new SessionHost<string, string, S, E>(new SessionHostOptions { Capacity = sessions });
        LifecycleHandle<EnhancedCustomerInitiated.Options> eci = host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>();
        host.Open();
        long before = Memory();
        for (int i = 0; i < sessions; i++)
        {
            host.Start($"user-{i}-session", $"user-{i}", eci, Options).OrThrow();
            host.Apply($"user-{i}-session", E.Accept).OrThrow();
        }

        long after = Memory();
        GC.KeepAlive(host);
        return (after - before) / sessions;
    }

    /// <summary>A partition's host opened the way a grain opens it (the cluster's factory, a grain store), with one Active session.</summary>
    private static long PartitionHostBytes(int hosts)
    {
        IPartitionHostFactory factory = new SessionClusterLifecycles<S, E>().Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>();
        string options = EnhancedCustomerInitiated.FormatOptions(in Options);
        var kept = new List<IPartitionHost>();
        long before = Memory();
        for (int i = 0; i < hosts; i++)
        {
            string partition = $"user-{i}";
            IPartitionHost host = factory.Open(partition, new GrainSessionStore(new PartitionState(), partition), TimeProvider.System);
            host.Start(new StartRequest($"r{i}", $"{partition}-s", EnhancedCustomerInitiated.Description.Name, options, null, null, null));
            host.Apply(new ApplyRequest($"a{i}", $"{partition}-s", nameof(E.Accept), null));
            kept.Add(host);
        }

        long after = Memory();
        GC.KeepAlive(kept);
        return (after - before) / hosts;
    }

    private static long Memory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("sessiondsl-cluster-load-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
