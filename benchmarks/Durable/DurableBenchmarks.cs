using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Data.Sqlite;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using SessionDsl.Messaging;
using SessionDsl.Sqlite;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Benchmarks.Durable;

/// <summary>
/// Durable event throughput: the session host on a SQLite file, with a commit per call and with group commit, each
/// against a plain loop of prepared statements that writes the same rows (each event's session row and its feed entry,
/// and the meta table's last position) with the same journal settings (WAL, synchronous FULL): a commit per event
/// for per-call, and one transaction per 1,000 events for group commit. 5,000 Active sessions of
/// EnhancedCustomerInitiated, each taking a rep's reply (its countdown restarts) and then the customer's (it stops):
/// 10,000 events an invocation; times are per event. The plain loop writes the rows the host wrote for the same events
/// (recorded once, in the setup), with feed positions that go on from one invocation to the next as the host's do.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DurableEventBenchmarks
{
    private const int Sessions = 5_000;
    private const int Events = 2 * Sessions;
    private const int RawBatch = 1_000;

    private readonly DurableFixture _fixture = new();
    private SessionHost<long, long, S, E>? _host;
    private RawEventWriter? _raw;
    private long[] _keys = [];

    [GlobalSetup(Target = nameof(HostPerCall))]
    public void SetUpPerCall() => SetUpHost(Durability.PerCall);

    [GlobalSetup(Target = nameof(HostGroupCommit))]
    public void SetUpGroupCommit() => SetUpHost(Durability.GroupCommit);

    [GlobalSetup(Targets = [nameof(RawLoopCommitPerEvent), nameof(RawLoopBatched)])]
    public void SetUpRaw()
    {
        string path = _fixture.NewStore(Sessions);
        _raw = new RawEventWriter(path, DurableFixture.RecordEvents(Sessions, Events, Keys(), ApplyAll), SqliteSynchronous.Full);
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _host?.Dispose();
        _raw?.Dispose();
        _fixture.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "Plain loop, a commit per event")]
    [BenchmarkCategory("Per call")]
    public void RawLoopCommitPerEvent() => _raw!.Write(perTransaction: 1);

    [Benchmark(OperationsPerInvoke = Events, Description = "Host, a commit per call")]
    [BenchmarkCategory("Per call")]
    public void HostPerCall() => ApplyAll(_host!, _keys);

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "Plain loop, 1,000 events a transaction")]
    [BenchmarkCategory("Group commit")]
    public void RawLoopBatched() => _raw!.Write(perTransaction: RawBatch);

    [Benchmark(OperationsPerInvoke = Events, Description = "Host, group commit (awaits the last)")]
    [BenchmarkCategory("Group commit")]
    public void HostGroupCommit()
    {
        long last = ApplyAll(_host!, _keys);
        _host!.WhenDurableAsync(last).AsTask().GetAwaiter().GetResult();
    }

    private void SetUpHost(Durability durability)
    {
        string path = _fixture.NewStore(Sessions);
        _keys = Keys();
        _host = DurableFixture.OpenHost(new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path }), durability);
    }

    private static long[] Keys() => [.. Enumerable.Range(0, Sessions).Select(i => (long)i)];

    /// <summary>Every session takes a rep's reply, then every session the customer's answer; returns the last position.</summary>
    private static long ApplyAll(SessionHost<long, long, S, E> host, long[] keys)
    {
        long last = 0;
        foreach (E e in new[] { E.RepMessage, E.CustomerMessage })
        {
            foreach (long key in keys)
            {
                HostResult<long, S, E> result = host.Apply(key, e);
                last = result.IsAppliedOrThrow().Position;
            }
        }

        return last;
    }
}

/// <summary>
/// Restoring sessions: opening a host on a SQLite file of 1,000,000 sessions, each Active with its inactivity countdown
/// running (a pending deadline), against reading the same rows with a plain SELECT. The host reads the same rows, maps
/// names to statuses, timers and options, rebuilds each session, indexes its key and partition and schedules its
/// deadline in the timing wheel. The setup prints the file's bytes per session.
/// </summary>
[MemoryDiagnoser]
public class DurableRestoreBenchmarks
{
    private readonly DurableFixture _fixture = new();
    private string _path = string.Empty;

    [Params(1_000_000)]
    public int Sessions { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        _path = _fixture.NewStore(Sessions);
        long bytes = DurableFixture.FileBytes(_path);
        Console.WriteLine($"// Store: {Sessions:N0} sessions, each with its Started entry in the feed: {bytes:N0} bytes on disk, {(double)bytes / Sessions:F1} bytes a session");
    }

    [GlobalCleanup]
    public void CleanUp() => _fixture.Dispose();

    [Benchmark(Baseline = true, Description = "Plain SELECT of every session row")]
    public long ReadRowsRaw() => RawSqlite.ReadSessions(_path);

    [Benchmark(Description = "Host opens the store (restore, schedule deadlines)")]
    public int Restore()
    {
        using SessionHost<long, long, S, E> host = DurableFixture.OpenHost(new SqliteSessionStore(new SqliteSessionStoreOptions { Path = _path }), Durability.PerCall);
        return host.Count == Sessions && host.PendingDeadlines == Sessions ? host.Count : throw new InvalidOperationException($"restored {host.Count} sessions, {host.PendingDeadlines} deadlines");
    }
}

internal static class HostResultExtensions
{
    public static HostResult<long, S, E> IsAppliedOrThrow(this HostResult<long, S, E> result) =>
        result.Outcome == HostOutcome.Applied ? result : throw new InvalidOperationException(result.Message);
}
