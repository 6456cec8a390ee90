using System.Collections.Concurrent;
using SessionDsl.Orleans.Silo.Chats;

namespace SessionDsl.Orleans.Tests;

/// <summary>One call the load made and the answer it got (every call is retried by the client until answered).</summary>
public sealed record Call(string Partition, string Key, string Operation, ChatEvent? Event, string RequestId, ClusterResult Result);

/// <summary>
/// Chats driven through the cluster's client: in each partition, one chat after another (start, accept, a few messages
/// with pauses long enough for some to go idle, then end), now and then a second chat tried while one is open (the
/// rule refuses it). When told to stop, each partition leaves its last chat active, so that its timers must fire.
/// </summary>
public sealed class ChatLoad(LocalCluster cluster, string prefix, int partitions, int seed)
{
    public static readonly Chat.Options Options = new() { IdleAfter = TimeSpan.FromSeconds(1) };

    public ConcurrentQueue<Call> Calls { get; } = new();

    public IEnumerable<string> Partitions => Enumerable.Range(0, partitions).Select(p => $"{prefix}-{p}");

    public async Task RunAsync(CancellationToken stop)
    {
        await Task.WhenAll(Partitions.Select((partition, i) => Task.Run(() => RunPartitionAsync(partition, new Random(seed * 1000 + i), stop))));
    }

    private async Task RunPartitionAsync(string partition, Random random, CancellationToken stop)
    {
        SessionClusterClient<ChatStatus, ChatEvent> client = cluster.Client;
        for (int n = 0; ; n++)
        {
            string key = $"{partition}/chat-{n}";
            await StartAsync(partition, key);
            await ApplyAsync(partition, key, ChatEvent.Accept);
            int messages = random.Next(1, 4);
            for (int m = 0; m < messages; m++)
            {
                await Task.Delay(random.Next(50, 1300));
                await ApplyAsync(partition, key, ChatEvent.Message);
                if (random.Next(10) == 0)
                {
                    // Refused while this one is open. If its timers ended it meanwhile (a slow failover can take longer
                    // than its deadlines), the second chat starts, Waiting, where no timer runs: end it, or it would
                    // stay open for ever.
                    if (await StartAsync(partition, $"{key}-second"))
                    {
                        await ApplyAsync(partition, $"{key}-second", ChatEvent.End);
                    }
                }
            }

            if (stop.IsCancellationRequested)
            {
                await ApplyAsync(partition, key, ChatEvent.Message); // left active: GoIdle, then Expire, must fire
                return;
            }

            await ApplyAsync(partition, key, ChatEvent.End);
        }

        async Task<bool> StartAsync(string p, string k)
        {
            string id = Guid.NewGuid().ToString("N");
            ClusterResult result = await client.StartAsync<Chat, Chat.Options>(p, k, Options, requestId: id);
            Calls.Enqueue(new Call(p, k, "Start", null, id, result));
            return result.Succeeded;
        }

        async Task ApplyAsync(string p, string k, ChatEvent e)
        {
            string id = Guid.NewGuid().ToString("N");
            ClusterResult result = await client.ApplyAsync(p, k, e, requestId: id);
            Calls.Enqueue(new Call(p, k, "Apply", e, id, result));
        }
    }
}
