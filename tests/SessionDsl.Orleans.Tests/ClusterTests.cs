using SessionDsl.Orleans.Silo.Chats;
using Xunit;
using Xunit.Abstractions;

namespace SessionDsl.Orleans.Tests;

/// <summary>
/// Three silo processes on one machine and a real Redis server: sessions, rules and timers through the cluster; a
/// silo killed with SIGKILL under load; every silo restarted in turn under load; retries through failover.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sessions_rules_and_timers_work_through_a_three_silo_cluster()
    {
        await using LocalCluster cluster = await LocalCluster.StartAsync(silos: 3);
        SessionClusterClient<ChatStatus, ChatEvent> client = cluster.Client;

        ClusterResult started = await client.StartAsync<Chat, Chat.Options>("ann", "ann-1", ChatLoad.Options);
        Assert.Equal("Started", started.Outcome);
        Assert.Equal(1, started.Position);
        ClusterResult accepted = await client.ApplyAsync("ann", "ann-1", ChatEvent.Accept);
        Assert.Equal(("Applied", "Waiting", "Active"), (accepted.Outcome, accepted.From, accepted.To));

        // The rule across the partition's sessions: one open chat per customer.
        ClusterResult second = await client.StartAsync<Chat, Chat.Options>("ann", "ann-2", ChatLoad.Options);
        Assert.Equal("RuleRefused", second.Outcome);
        Assert.Contains("OneOpenChatPerCustomer", second.Message, StringComparison.Ordinal);

        // A lifecycle's refusal, and requests the grain cannot take, come back as results with words, not as failures.
        ClusterResult refused = await client.ApplyAsync("ann", "ann-1", ChatEvent.Accept);
        Assert.Equal("EventRefused", refused.Outcome);
        ISessionPartitionGrain grain = cluster.Grains.GetGrain<ISessionPartitionGrain>("ann");
        ClusterResult badEvent = await grain.Apply(new ApplyRequest("r1", "ann-1", "Shout", null));
        Assert.Equal("InvalidRequest", badEvent.Outcome);
        Assert.Contains("'Shout' is not an event", badEvent.Message, StringComparison.Ordinal);
        ClusterResult badLifecycle = await grain.Start(new StartRequest("r2", "ann-3", "Ticket", null, null, null, null));
        Assert.Equal("UnknownLifecycle", badLifecycle.Outcome);
        ClusterResult badOptions = await grain.Start(new StartRequest("r3", "ann-3", "Chat", "idleAfter=banana", null, null, null));
        Assert.Equal("InvalidOptions", badOptions.Outcome);
        ClusterResult noId = await grain.Apply(new ApplyRequest("", "ann-1", "Message", null));
        Assert.Equal("InvalidRequest", noId.Outcome);

        // Timers: idle after 1 s, ended 2 s later, with nobody calling.
        await WaitUntilAsync(async () => await client.GetStatusAsync("ann", "ann-1") == ChatStatus.Ended, TimeSpan.FromSeconds(30));
        ClusterResult third = await client.StartAsync<Chat, Chat.Options>("ann", "ann-3", ChatLoad.Options);
        Assert.Equal("Started", third.Outcome);

        List<ClusterFeedEntry> feed = await cluster.ReadWholeFeedAsync();
        Assert.Equal(
            ["Started Waiting->Waiting", "Transition Waiting->Active", "TimerFired Active->Idle", "TimerFired Idle->Ended", "Started Waiting->Waiting"],
            feed.Where(e => e.Partition == "ann").Select(e => $"{e.Change.Kind} {e.Change.From}->{e.Change.To}"));
    }

    [Fact]
    public async Task A_silo_killed_under_load_loses_no_answered_event_applies_none_twice_and_every_deadline_fires()
    {
        await using LocalCluster cluster = await LocalCluster.StartAsync(silos: 3);
        var load = new ChatLoad(cluster, "kill", partitions: 30, seed: 1);
        using var stop = new CancellationTokenSource();
        Task running = load.RunAsync(stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(4));
        // Answers to replay later: changes made before the kill, some by grains on the silo about to die.
        List<Call> before = [.. load.Calls.Where(c => c.Result.Position > 0 && c.Result.Succeeded).GroupBy(c => c.Partition).Select(g => g.Last())];
        cluster.KillSilo(1);
        output.WriteLine($"killed silo 1 after {load.Calls.Count} calls");
        await cluster.StartSiloAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        stop.Cancel();
        await running;

        // A retry through the failover of a request that was applied is answered from the record, not applied again.
        foreach (Call call in before)
        {
            ClusterResult again = call.Operation == "Start"
                ? await cluster.Client.StartAsync<Chat, Chat.Options>(call.Partition, call.Key, ChatLoad.Options, requestId: call.RequestId)
                : await cluster.Client.ApplyAsync(call.Partition, call.Key, call.Event!.Value, requestId: call.RequestId);
            Assert.True(again.Replayed, $"{call.Partition} {call.Operation} {call.Key}: the retry was applied again: {again.Message}");
            Assert.Equal(call.Result.Position, again.Position);
        }

        // Now, with every partition's last chat active and nobody calling, kill another silo: its partitions' deadlines
        // fire only if their reminders wake them on the survivors.
        DateTimeOffset killedAt = DateTimeOffset.UtcNow;
        cluster.KillSilo(0);
        output.WriteLine($"killed silo 0 with the load stopped; {load.Calls.Count} calls answered, {cluster.Client.Retries} retries");

        FeedSummary summary = await WaitForAllEndedAsync(cluster, load);
        Report(summary, cluster, load);
        FeedSummary afterKill = summary with { TimerLatenessMs = summary.LatenessOfTimersDueAfter(killedAt) };
        output.WriteLine($"timers due after the second kill, with nobody calling: {afterKill.TimersFired}; lateness p50 {afterKill.Percentile(0.5):0} ms, p99 {afterKill.Percentile(0.99):0} ms, max {afterKill.Percentile(1):0} ms");
        Assert.Empty(summary.Problems);
        Assert.True(cluster.Client.Retries > 0, "the kill should have made the client retry at least once");
        Assert.True(afterKill.TimersFired > 0, "no deadline fell after the second kill");
        Assert.True(afterKill.Percentile(1) < 20_000, $"a deadline after the kill fired {afterKill.Percentile(1):0} ms late (failure detection ~2 s plus a reminder period of 1 s is the bound the docs give)");
    }

    [Fact]
    public async Task Every_silo_restarted_in_turn_under_load_loses_nothing_and_applies_nothing_twice()
    {
        await using LocalCluster cluster = await LocalCluster.StartAsync(silos: 3);
        var load = new ChatLoad(cluster, "roll", partitions: 30, seed: 2);
        using var stop = new CancellationTokenSource();
        Task running = load.RunAsync(stop.Token);
        for (int silo = 0; silo < 3; silo++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            await cluster.StopSiloAsync(silo);
            await cluster.StartSiloAsync();
            output.WriteLine($"restarted silo {silo} after {load.Calls.Count} calls");
        }

        stop.Cancel();
        await running;
        FeedSummary summary = await WaitForAllEndedAsync(cluster, load);
        Report(summary, cluster, load);
        Assert.Empty(summary.Problems);
    }

    private async Task<FeedSummary> WaitForAllEndedAsync(LocalCluster cluster, ChatLoad load)
    {
        DateTime giveUpAt = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            FeedSummary summary = FeedCheck.Check(await cluster.ReadWholeFeedAsync(), load.Calls);
            int open = summary.Statuses.Values.Count(s => s != nameof(ChatStatus.Ended));
            if (open == 0 || DateTime.UtcNow > giveUpAt)
            {
                if (open > 0)
                {
                    summary.Problems.Add($"{open} chats never ended: their deadlines did not fire ({string.Join(", ", summary.Statuses.Where(s => s.Value != nameof(ChatStatus.Ended)).Take(10).Select(s => $"{s.Key}={s.Value}"))})");
                }

                // The grains agree with the feed.
                foreach (string partition in load.Partitions)
                {
                    foreach (ClusterSession session in await cluster.Client.GetPartitionAsync(partition))
                    {
                        if (summary.Statuses.GetValueOrDefault(session.Key) != session.Status)
                        {
                            summary.Problems.Add($"{session.Key}: the grain says {session.Status}, the feed {summary.Statuses.GetValueOrDefault(session.Key) ?? "nothing"}");
                        }
                    }
                }

                return summary;
            }

            await Task.Delay(500);
        }
    }

    private void Report(FeedSummary summary, LocalCluster cluster, ChatLoad load)
    {
        output.WriteLine($"{load.Calls.Count} calls answered ({load.Calls.Count(c => c.Result.Outcome == "RuleRefused")} refused by the rule), {cluster.Client.Retries} retries, {summary.Changes} changes in the feed, {summary.TimersFired} timers fired");
        output.WriteLine($"timer lateness (feed append minus deadline): p50 {summary.Percentile(0.5):0} ms, p99 {summary.Percentile(0.99):0} ms, max {summary.Percentile(1):0} ms");
        foreach (string problem in summary.Problems.Take(20))
        {
            output.WriteLine("PROBLEM " + problem);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        DateTime giveUpAt = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < giveUpAt, $"not within {timeout}");
            await Task.Delay(200);
        }
    }
}
