using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace SessionDsl.Orleans;

/// <summary>One change in the cluster's feed.</summary>
/// <param name="Id">Its place in the cluster's feed (a Redis stream id): later changes have larger ids, whichever silo made them.</param>
/// <param name="Partition">The partition the change happened in.</param>
/// <param name="Change">The change; its <see cref="ChangeRecord.Position"/> counts within the partition, one more each time.</param>
public sealed record ClusterFeedEntry(string Id, string Partition, ChangeRecord Change);

/// <summary>
/// The cluster's changes feed: one Redis stream that every partition's grain appends its committed changes to, after
/// they are in the grain's state. The append is one Lua script that skips what the partition already published, so
/// that a grain that publishes again after a failover (its outbox survived, the publish's answer did not) adds nothing
/// twice: a reader sees each partition's position once, in the partition's order. A partition whose silo died between
/// its state write and its publish is found by every silo's sweep (a sorted set of partitions with changes waiting)
/// and woken to publish.
/// </summary>
public sealed class ClusterFeed : IDisposable
{
    private const string PublishScript = """
        local head = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
        local n = tonumber(ARGV[2])
        for i = 0, n - 1 do
          local position = tonumber(ARGV[4 + i * 2])
          if position > head then
            redis.call('XADD', KEYS[1], '*', 'partition', ARGV[1], 'position', ARGV[4 + i * 2], 'change', ARGV[5 + i * 2])
            head = position
          end
        end
        redis.call('HSET', KEYS[2], ARGV[1], head)
        if ARGV[3] == '1' then redis.call('ZREM', KEYS[3], ARGV[1]) end
        return head
        """;

    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly RedisKey _stream;
    private readonly RedisKey _heads;
    private readonly RedisKey _pending;
    private readonly RedisKey _acks;

    private ClusterFeed(ConnectionMultiplexer redis, string keyPrefix)
    {
        _redis = redis;
        _db = redis.GetDatabase();
        _stream = keyPrefix + ":feed";
        _heads = keyPrefix + ":feed:heads";
        _pending = keyPrefix + ":feed:pending";
        _acks = keyPrefix + ":feed:acks";
    }

    /// <summary>Connects to the feed of the deployment whose keys start with <paramref name="keyPrefix"/>.</summary>
    /// <exception cref="RedisConnectionException">The server cannot be reached; the message names it.</exception>
    public static async Task<ClusterFeed> ConnectAsync(string redisConfiguration, string keyPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(redisConfiguration);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration).ConfigureAwait(false);
        return new ClusterFeed(redis, keyPrefix);
    }

    internal static ClusterFeed Connect(string redisConfiguration, string keyPrefix) =>
        new(ConnectionMultiplexer.Connect(redisConfiguration), keyPrefix);

    /// <summary>Up to <paramref name="max"/> changes after <paramref name="afterId"/> (null: from the start), in feed order.</summary>
    public async Task<IReadOnlyList<ClusterFeedEntry>> ReadAsync(string? afterId, int max = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        StreamEntry[] entries = await _db.StreamReadAsync(_stream, afterId ?? "0-0", max).ConfigureAwait(false);
        var result = new List<ClusterFeedEntry>(entries.Length);
        foreach (StreamEntry entry in entries)
        {
            string partition = entry["partition"].ToString();
            string json = entry["change"].ToString();
            ChangeRecord change = JsonSerializer.Deserialize<ChangeRecord>(json)
                ?? throw new InvalidDataException($"Feed entry {entry.Id} of partition '{partition}' holds no change.");
            result.Add(new ClusterFeedEntry(entry.Id.ToString(), partition, change));
        }

        return result;
    }

    /// <summary>How many changes the feed holds.</summary>
    public Task<long> LengthAsync() => _db.StreamLengthAsync(_stream);

    /// <summary>How many partitions have changes committed to their state and not yet in the feed (a sweep publishes them).</summary>
    public Task<long> PendingPartitionsAsync() => _db.SortedSetLengthAsync(_pending);

    /// <summary>The last feed id <paramref name="subscriber"/> acknowledged, or null.</summary>
    public async Task<string?> ReadAcknowledgedAsync(string subscriber)
    {
        RedisValue value = await _db.HashGetAsync(_acks, subscriber).ConfigureAwait(false);
        return value.IsNull ? null : value.ToString();
    }

    /// <summary>Records that <paramref name="subscriber"/> has handled every change up to feed id <paramref name="id"/>.</summary>
    public Task AcknowledgeAsync(string subscriber, string id) => _db.HashSetAsync(_acks, subscriber, id);

    /// <summary>Notes that <paramref name="partition"/> has changes on their way to the feed (before its state is written).</summary>
    internal Task MarkPendingAsync(string partition, DateTimeOffset now) =>
        _db.SortedSetAddAsync(_pending, partition, now.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists);

    /// <summary>Appends <paramref name="changes"/> of <paramref name="partition"/>, skipping positions already published; returns the partition's last published position.</summary>
    internal async Task<long> PublishAsync(string partition, IReadOnlyList<ChangeRecord> changes, bool outboxEmptied)
    {
        var args = new RedisValue[3 + (changes.Count * 2)];
        args[0] = partition;
        args[1] = changes.Count;
        args[2] = outboxEmptied ? "1" : "0";
        for (int i = 0; i < changes.Count; i++)
        {
            args[3 + (i * 2)] = changes[i].Position.ToString(CultureInfo.InvariantCulture);
            args[4 + (i * 2)] = JsonSerializer.Serialize(changes[i]);
        }

        RedisResult head = await _db.ScriptEvaluateAsync(PublishScript, [_stream, _heads, _pending], args).ConfigureAwait(false);
        return (long)head;
    }

    /// <summary>Partitions whose changes have waited for the feed since before <paramref name="before"/>.</summary>
    internal async Task<string[]> StalePartitionsAsync(DateTimeOffset before, int max)
    {
        RedisValue[] values = await _db.SortedSetRangeByScoreAsync(_pending, double.NegativeInfinity, before.ToUnixTimeMilliseconds(), take: max).ConfigureAwait(false);
        return [.. values.Select(v => v.ToString())];
    }

    /// <inheritdoc />
    public void Dispose() => _redis.Dispose();
}
