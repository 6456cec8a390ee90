using System.Globalization;
using Orleans;
using Orleans.Runtime;
using SessionDsl.Orleans;
using SessionDsl.Orleans.Silo.Chats;
using SessionDsl.Tooling;

namespace SessionDsl.ClusterLoad;

/// <summary>
/// How late deadlines fire in the cluster with Orleans' and SessionDsl's default reminder settings (a one-minute
/// reminder period): chats accepted with their idle deadline one to two minutes away, on grains left active (their
/// grain timers fire them) and on grains deactivated at once (only their reminders can wake them).
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/ClusterLoad -- --deadlines [--partitions 300]</c>; about five minutes.
/// Lateness is the feed entry's append time (its Redis stream id) minus the deadline the timer fired at; the silo
/// kill case is measured by <c>tests/SessionDsl.Orleans.Tests</c> (separate processes), not here.
/// </remarks>
internal static class DeadlineLateness
{
    private static readonly List<string> Notes = [];

    public static async Task<int> RunAsync(int partitions)
    {
        Console.WriteLine($"deadline lateness: {partitions} chats a case, idle deadlines 60 to 120 s after their accept, one silo, default reminder period ({new SessionClusterOptions().ReminderPeriod.TotalSeconds:0} s)");
        Console.WriteLine();
        Console.WriteLine("| grains | timers fired | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        using LocalRedis redis = LocalRedis.Start();
        await using InProcessCluster<ChatStatus, ChatEvent> cluster = await InProcessCluster<ChatStatus, ChatEvent>.StartAsync(1, redis.Configuration, l => l.Register<Chat, Chat.Options>(), TimeProvider.System);
        var cases = new[] { (Name: "left active (grain timers)", Deactivate: false), (Name: "deactivated at once (reminders only)", Deactivate: true) };
        for (int i = 0; i < cases.Length; i++)
        {
            // One after the other: the forced collection of the second case would deactivate the first's grains too.
            List<double> lateness = await RunCaseAsync(cluster, $"case{i}", partitions, cases[i].Deactivate);
            lateness.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {cases[i].Name} | {lateness.Count} | {P(lateness, 0.5):0} | {P(lateness, 0.9):0} | {P(lateness, 0.99):0} | {P(lateness, 1):0} |"));
        }

        Console.WriteLine();
        Notes.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<List<double>> RunCaseAsync(InProcessCluster<ChatStatus, ChatEvent> cluster, string run, int partitions, bool deactivate)
    {
        var random = new Random(partitions);
        TimeSpan[] idleAfter = [.. Enumerable.Range(0, partitions).Select(_ => TimeSpan.FromMilliseconds(60_000 + random.Next(60_000)))];
        await Parallel.ForEachAsync(Enumerable.Range(0, partitions), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (p, _) =>
        {
            var options = new Chat.Options { IdleAfter = idleAfter[p] };
            Check(await cluster.Sessions.StartAsync<Chat, Chat.Options>($"{run}-{p}", $"{run}-{p}-chat", options));
            Check(await cluster.Sessions.ApplyAsync($"{run}-{p}", $"{run}-{p}-chat", ChatEvent.Accept));
        });

        IManagementGrain management = cluster.Client.GetGrain<IManagementGrain>(0);
        if (deactivate)
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
        }

        SimpleGrainStatistic[] statistics = await management.GetSimpleGrainStatistics();
        int active = statistics.Where(s => s.GrainType.Contains("SessionPartitionGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        Notes.Add($"{(deactivate ? "deactivated at once" : "left active")}: {active} of {partitions} partition grains active after the chats were accepted{(deactivate ? " and the collection was forced" : "")}");

        // Every chat goes idle (the deadline measured here), then ends 2 s later; wait for the ends, then read the feed.
        DateTime giveUpAt = DateTime.UtcNow.AddMinutes(6);
        var lateness = new List<double>();
        while (DateTime.UtcNow < giveUpAt)
        {
            lateness.Clear();
            int ended = 0;
            await foreach (ClusterFeedEntry entry in cluster.ReadFeedAsync())
            {
                if (!entry.Partition.StartsWith(run + "-", StringComparison.Ordinal))
                {
                    continue;
                }

                if (entry.Change.Kind == "TimerFired" && entry.Change.Timer == "GoIdle")
                {
                    long appendedMs = long.Parse(entry.Id.Split('-')[0], CultureInfo.InvariantCulture);
                    lateness.Add(appendedMs - new DateTimeOffset(entry.Change.AtTicks, TimeSpan.Zero).ToUnixTimeMilliseconds());
                }

                if (entry.Change.To == nameof(ChatStatus.Ended))
                {
                    ended++;
                }
            }

            if (ended == partitions)
            {
                return lateness;
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        throw new TimeoutException($"{run}: not every chat ended within 6 minutes ({lateness.Count} of {partitions} went idle): a deadline was lost.");
    }

    private static void Check(ClusterResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{result.Key}: {result.Outcome}: {result.Message}");
        }
    }

    private static double P(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
