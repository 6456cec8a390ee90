using CsCheck;
using Microsoft.Extensions.Time.Testing;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using SessionDsl.Messaging;
using SessionDsl.Sqlite;
using Xunit;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Host.Tests;

/// <summary>
/// Random operations with random restarts in between end in the same sessions, feed and fired timers as the same
/// operations on a host that never restarted. Opening a host fires what is due, so a restart is compared with an
/// <c>Advance</c> at the same moment; every call's result must be the same too.
/// </summary>
public class RestartPropertyTests
{
    private enum OpKind
    {
        Start,
        RepStart,
        Event,
        Advance,
        Delete,
        Restart,
    }

    private readonly record struct Op(OpKind Kind, int Pick, int Lifecycle, int Partition, E Event, int Reason, long DeltaTicks);

    private static readonly Gen<long> Delta = Gen.Frequency(
        (3, Gen.Long[0, TimeSpan.TicksPerMinute * 40]),
        (1, Gen.Long[0, TimeSpan.TicksPerDay * 3]),
        (1, Gen.OneOfConst(TimeSpan.FromMinutes(10).Ticks, TimeSpan.FromHours(30).Ticks, TimeSpan.FromHours(48).Ticks)));

    private static readonly Gen<Op> OpGen = Gen.Frequency(
        (2, Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], (l, p) => new Op(OpKind.Start, 0, l, p, default, 0, 0))),
        (1, Gen.Int[0, 3].Select(p => new Op(OpKind.RepStart, 0, 1, p, default, 0, 0))),
        (8, Gen.Select(Gen.Int[0, 1000], Gen.Enum<E>(), Gen.Int[0, 2], (pick, e, r) => new Op(OpKind.Event, pick, 0, 0, e, r, 0))),
        (3, Delta.Select(d => new Op(OpKind.Advance, 0, 0, 0, default, 0, d))),
        (1, Gen.Int[0, 1000].Select(p => new Op(OpKind.Delete, p, 0, 0, default, 0, 0))),
        (2, Gen.Const(new Op(OpKind.Restart, 0, 0, 0, default, 0, 0))));

    [Fact]
    public void Random_operations_with_random_restarts_end_like_the_same_operations_without_them()
    {
        OpGen.Array[1, 80].Sample(
            ops => Compare(ops, () =>
            {
                var store = new InMemorySessionStore(); // disposing it keeps its contents, as a file would
                return () => store;
            }),
            iter: 150,
            threads: 1);
    }

    [Fact]
    public void The_same_holds_on_a_real_sqlite_file()
    {
        string folder = Directory.CreateTempSubdirectory("sessiondsl-restart-").FullName;
        try
        {
            int file = 0;
            OpGen.Array[1, 60].Sample(
                ops => Compare(ops, () =>
                {
                    string path = Path.Combine(folder, $"{file++}.db");
                    return () => new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path });
                }),
                iter: 40,
                threads: 1);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // newStore makes a store and returns how to open it again (the same instance in memory, a new one on a file).
    private static void Compare(Op[] ops, Func<Func<ISessionStore>> newStore)
    {
        var steadyTime = new FakeTimeProvider(Messaging.Start);
        var restartedTime = new FakeTimeProvider(Messaging.Start);
        Func<ISessionStore> restartedStore = newStore();
        var steady = new Messaging.Fixture(steadyTime, store: newStore()());
        var restarted = new Messaging.Fixture(restartedTime, store: restartedStore());
        var keys = new List<string>();
        try
        {
            foreach (Op op in ops)
            {
                if (op.Kind == OpKind.Restart)
                {
                    steady.Host.Advance();
                    DisposeKeepingStore(restarted);
                    restarted = new Messaging.Fixture(restartedTime, store: restartedStore());
                }
                else if (op.Kind == OpKind.Advance)
                {
                    steadyTime.Advance(TimeSpan.FromTicks(op.DeltaTicks));
                    restartedTime.Advance(TimeSpan.FromTicks(op.DeltaTicks));
                    Assert.Equal(steady.Host.Advance(), restarted.Host.Advance());
                }
                else
                {
                    Assert.Equal(Describe(Run(steady, op, keys, adding: true)), Describe(Run(restarted, op, keys, adding: false)));
                }

                Assert.Null(restarted.Host.CheckConsistency());
            }

            Assert.Equal(Normalized(steady.Feed), Normalized(restarted.Feed));
            Assert.Equal(steady.Host.Count, restarted.Host.Count);
            Assert.Equal(steady.Host.PartitionCount, restarted.Host.PartitionCount);
            Assert.Equal(steady.Host.PendingDeadlines, restarted.Host.PendingDeadlines);
            foreach (string key in keys)
            {
                Assert.Equal(steady.Host.TryGet(key, out var a), restarted.Host.TryGet(key, out var b));
                Assert.Equal(a, b);
            }
        }
        finally
        {
            steady.Dispose();
            restarted.Dispose();
        }
    }

    private static void DisposeKeepingStore(Messaging.Fixture fixture) => fixture.Dispose();

    /// <summary>
    /// The feed with each run of timers due at the very same instant put in key order. Such ties fire in the order of
    /// the host's internal slots, which a restored host assigns afresh; nothing else depends on that order.
    /// </summary>
    private static List<SessionChange<string, string, S, E>> Normalized(IReadOnlyList<SessionChange<string, string, S, E>> feed)
    {
        var result = new List<SessionChange<string, string, S, E>>(feed.Count);
        for (int i = 0; i < feed.Count;)
        {
            int end = i + 1;
            while (feed[i].Kind == SessionChangeKind.TimerFired && end < feed.Count && feed[end].Kind == SessionChangeKind.TimerFired && feed[end].At == feed[i].At)
            {
                end++;
            }

            long position = feed[i].Position;
            foreach (SessionChange<string, string, S, E> change in feed.Skip(i).Take(end - i).OrderBy(c => c.Key, StringComparer.Ordinal).ThenBy(c => c.Timer, StringComparer.Ordinal))
            {
                result.Add(change with { Position = position++ });
            }

            i = end;
        }

        return result;
    }

    private static string Describe(HostResult<string, S, E> result) =>
        $"{result.Outcome} {result.Transition} #{result.Position} {result.Rule?.Name} {(result.HasOther ? result.Other : "-")}";

    private static HostResult<string, S, E> Run(Messaging.Fixture f, Op op, List<string> keys, bool adding)
    {
        string Key(int pick) => keys.Count == 0 ? "none" : keys[pick % keys.Count];
        string partition = $"user{op.Partition}/WhatsApp";
        switch (op.Kind)
        {
            case OpKind.Start:
            {
                string key = $"s{keys.Count + (adding ? 0 : -1)}";
                if (adding)
                {
                    keys.Add(key);
                }

                return op.Lifecycle switch
                {
                    0 => f.Host.Start(key, partition, f.EnhancedCustomer, Messaging.TenMinutes),
                    1 => f.Host.Start(key, partition, f.EnhancedBusiness, new EnhancedBusinessInitiated.Options { KeepOpen = true, CapacityModel = CapacityModel.StatusBased, BotTimeout = TimeSpan.FromMinutes(10) }, firstEvent: E.AutomatedNotification),
                    2 => f.Host.Start(key, partition, f.StandardCustomer),
                    _ => f.Host.Start(key, partition, f.StandardBusiness),
                };
            }

            case OpKind.RepStart:
            {
                string key = $"s{keys.Count + (adding ? 0 : -1)}";
                if (adding)
                {
                    keys.Add(key);
                }

                return f.Rep(key, partition);
            }

            case OpKind.Event:
                return f.Host.Apply(Key(op.Pick), op.Event, reason: op.Reason == 0 ? null : $"cause {op.Reason}");
            case OpKind.Delete:
                return f.Host.Delete(Key(op.Pick));
            default:
                throw new InvalidOperationException(op.Kind.ToString());
        }
    }
}
