using BenchmarkDotNet.Attributes;
using SessionDsl.Hosting;
using SessionDsl.Messaging;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Benchmarks;

/// <summary>
/// The whole session host at 10^6 sessions of <see cref="EnhancedCustomerInitiated"/> (10-minute inactivity timeout),
/// every session Active: each invocation applies a rep's reply to every session (restarting its countdown: one
/// reschedule), moves the clock 10 minutes and advances (every countdown fires: Inactive, and the 30-hour expiry is
/// scheduled), then the customer's message (Inactive to Waiting: the expiry is cancelled) and a rep's accept (back
/// to Active). Per session: three events through the generated Apply, one timer through the generated Advance,
/// three wheel operations. Mean is per invocation; divide by Sessions.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SchedulerConfig))]
public class HostBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private BenchClock _clock = null!;
    private SessionHost<long, long, S, E> _host = null!;
    private long[] _ids = null!;

    [Params(1_000_000)]
    public int Sessions { get; set; }

    [GlobalSetup]
    public void Setup() => (_clock, _host, _ids) = Build(Sessions);

    [Benchmark(Description = "SessionHost: reply, timeout, resume, accept")]
    public int HostCycle()
    {
        SessionHost<long, long, S, E> host = _host;
        long[] ids = _ids;
        foreach (long id in ids)
        {
            host.Apply(id, E.RepMessage);
        }

        _clock.Now += TimeSpan.FromMinutes(10);
        int fired = host.Advance();
        foreach (long id in ids)
        {
            host.Apply(id, E.CustomerMessage);
        }

        foreach (long id in ids)
        {
            host.Apply(id, E.Accept);
        }

        return fired == ids.Length ? fired : throw new InvalidOperationException($"{fired} of {ids.Length} timers fired.");
    }

    internal static (BenchClock Clock, SessionHost<long, long, S, E> Host, long[] Ids) Build(int sessions)
    {
        var clock = new BenchClock { Now = Start };
        var host = new SessionHost<long, long, S, E>(new SessionHostOptions { TimeProvider = clock, Capacity = sessions });
        LifecycleHandle<EnhancedCustomerInitiated.Options> lifecycle = host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>();
        host.Open();
        var options = new EnhancedCustomerInitiated.Options { InactivityTimeout = TimeSpan.FromMinutes(10) };
        var ids = new long[sessions];
        for (int i = 0; i < sessions; i++)
        {
            ids[i] = i;
            host.Start(i, i, lifecycle, in options);
            host.Apply(i, E.Accept);
            host.Apply(i, E.RepMessage); // a pending deadline, for the bytes-per-session figure
        }

        return (clock, host, ids);
    }

    internal sealed class BenchClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
