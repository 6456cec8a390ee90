using Orleans;

namespace SessionDsl.Orleans;

/// <summary>
/// The grain that holds one partition's sessions (for the messaging defaults: one messaging user in one channel), keyed
/// by the partition key as text. Every call that changes something carries a request id: a retry with the same id is
/// answered from the partition's record of recent requests and never applied twice.
/// </summary>
[Alias("SessionDsl.ISessionPartitionGrain")]
public interface ISessionPartitionGrain : IGrainWithStringKey
{
    /// <summary>Starts a session of a lifecycle named in the request; see <see cref="StartRequest"/>.</summary>
    [Alias("Start")]
    Task<ClusterResult> Start(StartRequest request);

    /// <summary>Applies an event to one of the partition's sessions.</summary>
    [Alias("Apply")]
    Task<ClusterResult> Apply(ApplyRequest request);

    /// <summary>Deletes one of the partition's sessions.</summary>
    [Alias("Delete")]
    Task<ClusterResult> Delete(DeleteRequest request);

    /// <summary>The partition's sessions, oldest first.</summary>
    [Alias("GetSessions")]
    Task<IReadOnlyList<ClusterSession>> GetSessions();

    /// <summary>Fires every deadline due by the silo's clock now: how many timers fired, and the partition's next deadline.</summary>
    [Alias("Advance")]
    Task<AdvanceResult> Advance();
}

/// <summary>A start sent to a partition's grain.</summary>
/// <param name="RequestId">Unique per logical request, the same on every retry of it.</param>
/// <param name="Key">The session's key, unique within the partition.</param>
/// <param name="Lifecycle">The lifecycle's name (<c>lifecycle:</c>).</param>
/// <param name="Options">The options as the lifecycle's <c>FormatOptions</c> writes them; null for the defaults.</param>
/// <param name="Initial">The initial status's name, or null for the default.</param>
/// <param name="FirstEvent">An event applied as part of the start, or null.</param>
/// <param name="Reason">With <paramref name="FirstEvent"/>: its reason.</param>
[GenerateSerializer, Immutable, Alias("SessionDsl.StartRequest")]
public sealed record StartRequest(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Key,
    [property: Id(2)] string Lifecycle,
    [property: Id(3)] string? Options,
    [property: Id(4)] string? Initial,
    [property: Id(5)] string? FirstEvent,
    [property: Id(6)] string? Reason);

/// <summary>An event sent to a partition's grain.</summary>
[GenerateSerializer, Immutable, Alias("SessionDsl.ApplyRequest")]
public sealed record ApplyRequest(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Key,
    [property: Id(2)] string Event,
    [property: Id(3)] string? Reason);

/// <summary>A deletion sent to a partition's grain.</summary>
[GenerateSerializer, Immutable, Alias("SessionDsl.DeleteRequest")]
public sealed record DeleteRequest(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Key);

/// <summary>
/// What a partition's grain did with a request, by names (the wire carries no enum of the application's).
/// </summary>
/// <param name="Outcome">The host's outcome (<c>SessionDsl.Hosting.HostOutcome</c>) by name.</param>
/// <param name="Key">The session's key.</param>
/// <param name="From">The status the lifecycle was asked in, when it was asked.</param>
/// <param name="To">The status the session is in afterwards, when the lifecycle was asked.</param>
/// <param name="Position">The partition's feed position of the request's last change (0 when nothing changed).</param>
/// <param name="Message">What happened, in words.</param>
/// <param name="Replayed">True when this is a retry, answered from the record of the first attempt; nothing was applied again.</param>
[GenerateSerializer, Immutable, Alias("SessionDsl.ClusterResult")]
public sealed record ClusterResult(
    [property: Id(0)] string Outcome,
    [property: Id(1)] string Key,
    [property: Id(2)] string? From,
    [property: Id(3)] string? To,
    [property: Id(4)] long Position,
    [property: Id(5)] string Message,
    [property: Id(6)] bool Replayed)
{
    /// <summary>The lifecycle's verdict (<c>SessionDsl.TransitionOutcome</c>) by name, when it was asked.</summary>
    [Id(7)]
    public string? TransitionOutcome { get; init; }

    /// <summary>The rule that refused or merged, by name; otherwise null.</summary>
    [Id(8)]
    public string? Rule { get; init; }

    /// <summary>The session's status after the call, or null when the partition holds no session with the key.</summary>
    [Id(9)]
    public string? Status { get; init; }

    /// <summary>The partition's earliest deadline after the call, or null when no timer runs in it.</summary>
    [Id(10)]
    public DateTimeOffset? NextDeadline { get; init; }

    /// <summary>True when the request was carried out (started, applied, deleted or merged).</summary>
    public bool Succeeded => Outcome is "Started" or "Applied" or "Deleted" or "Merged";
}

/// <summary>A session as a partition's grain reports it.</summary>
[GenerateSerializer, Immutable, Alias("SessionDsl.ClusterSession")]
public sealed record ClusterSession(
    [property: Id(0)] string Key,
    [property: Id(1)] string Partition,
    [property: Id(2)] string Lifecycle,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset EnteredAt,
    [property: Id(5)] string Options,
    [property: Id(6)] DateTimeOffset? NextDeadline,
    [property: Id(7)] string? Reason);

/// <summary>What an <see cref="ISessionPartitionGrain.Advance"/> did.</summary>
/// <param name="Fired">How many timers fired.</param>
/// <param name="NextDeadline">The partition's earliest deadline afterwards, or null when no timer runs in it.</param>
[GenerateSerializer, Immutable, Alias("SessionDsl.AdvanceResult")]
public sealed record AdvanceResult([property: Id(0)] int Fired, [property: Id(1)] DateTimeOffset? NextDeadline);
