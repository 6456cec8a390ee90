using Orleans;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Orleans;

/// <summary>
/// A partition's grain state, as the Orleans storage provider keeps it: its sessions (as the single-process host's
/// stores keep them, by names), the feed's head, the changes not yet published to the cluster's feed (the outbox), and
/// the requests recently answered (for retries). Written in one piece, so a change, its feed entries and its request
/// record are durable together or not at all.
/// </summary>
[GenerateSerializer, Alias("SessionDsl.PartitionState")]
public sealed class PartitionState
{
    /// <summary>The sessions, by key.</summary>
    [Id(0)]
    public Dictionary<string, SessionRecord> Sessions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The partition's last feed position.</summary>
    [Id(1)]
    public long LastPosition { get; set; }

    /// <summary>The largest session sequence number given.</summary>
    [Id(2)]
    public long LastSequence { get; set; }

    /// <summary>Changes committed here and not yet known to be in the cluster's feed, in position order.</summary>
    [Id(3)]
    public List<ChangeRecord> Outbox { get; set; } = [];

    /// <summary>Recently answered requests, oldest first (bounded; see <see cref="SessionClusterOptions.RequestsKept"/>).</summary>
    [Id(4)]
    public List<RequestRecord> Requests { get; set; } = [];

    /// <summary>The checkpoints the host keeps.</summary>
    [Id(5)]
    public Dictionary<string, string> Checkpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The deadline (UTC ticks) the partition's reminder was last registered for; -1 when none is.</summary>
    [Id(6)]
    public long ReminderDueTicks { get; set; } = -1;
}

/// <summary>A request answered, kept so that its retry gets the same answer.</summary>
[GenerateSerializer, Immutable, Alias("SessionDsl.RequestRecord")]
public sealed record RequestRecord([property: Id(0)] string RequestId, [property: Id(1)] ClusterResult Result);

/// <summary>A session as grain state keeps it: <see cref="StoredSession"/> with keys as text.</summary>
[GenerateSerializer, Immutable, Alias("SessionDsl.SessionRecord")]
public sealed record SessionRecord(
    [property: Id(0)] string Key,
    [property: Id(1)] string Lifecycle,
    [property: Id(2)] string Status,
    [property: Id(3)] long EnteredAtTicks,
    [property: Id(4)] string Options,
    [property: Id(5)] long StartedAtTicks,
    [property: Id(6)] long LastModifiedTicks,
    [property: Id(7)] long Sequence,
    [property: Id(8)] string? Reason,
    [property: Id(9)] CountdownRecord[] Countdowns)
{
    internal static SessionRecord Of(in StoredSession s)
    {
        var countdowns = new CountdownRecord[4];
        for (int i = 0; i < countdowns.Length; i++)
        {
            StoredCountdown c = s.Countdown(i);
            countdowns[i] = new CountdownRecord(c.Timer, c.StartedAtTicks);
        }

        return new SessionRecord(s.Key.ToString(), s.Lifecycle, s.Status, s.EnteredAtTicks, s.Options, s.StartedAtTicks, s.LastModifiedTicks, s.Sequence, s.Reason, countdowns);
    }

    internal StoredSession ToStored(string partition) => new()
    {
        Key = StoreKey.FromText(Key),
        Partition = StoreKey.FromText(partition),
        Lifecycle = Lifecycle,
        Status = Status,
        EnteredAtTicks = EnteredAtTicks,
        Options = Options,
        StartedAtTicks = StartedAtTicks,
        LastModifiedTicks = LastModifiedTicks,
        Sequence = Sequence,
        Reason = Reason,
        Countdown0 = Countdown(0),
        Countdown1 = Countdown(1),
        Countdown2 = Countdown(2),
        Countdown3 = Countdown(3),
    };

    private StoredCountdown Countdown(int slot) =>
        slot < Countdowns.Length ? new StoredCountdown(Countdowns[slot].Timer, Countdowns[slot].StartedAtTicks) : default;
}

/// <summary>A running countdown in a <see cref="SessionRecord"/>.</summary>
[GenerateSerializer, Immutable, Alias("SessionDsl.CountdownRecord")]
public readonly record struct CountdownRecord([property: Id(0)] string? Timer, [property: Id(1)] long StartedAtTicks);

/// <summary>One change of a partition, as its outbox and the cluster's feed carry it.</summary>
[GenerateSerializer, Immutable, Alias("SessionDsl.ChangeRecord")]
public sealed record ChangeRecord(
    [property: Id(0)] long Position,
    [property: Id(1)] long AtTicks,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Key,
    [property: Id(4)] string Lifecycle,
    [property: Id(5)] string From,
    [property: Id(6)] string To,
    [property: Id(7)] string? Event,
    [property: Id(8)] string? Timer,
    [property: Id(9)] string? Related,
    [property: Id(10)] string? Reason,
    [property: Id(11)] string? Rule)
{
    internal static ChangeRecord Of(in StoredChange c) =>
        new(c.Position, c.AtTicks, c.Kind.ToString(), c.Key.ToString(), c.Lifecycle, c.From, c.To, c.Event, c.Timer, c.Related?.ToString(), c.Reason, c.Rule);
}
