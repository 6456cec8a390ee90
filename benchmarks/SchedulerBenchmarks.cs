using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SessionDsl.Hosting;

namespace SessionDsl.Benchmarks;

/// <summary>
/// Scheduling and expiring one deadline per session, for 10^4 to 10^6 sessions: the host's <see cref="TimingWheel"/>
/// against <see cref="PriorityQueue{TElement, TPriority}"/>. Each invocation schedules every session once, at a random
/// time within the next 48 hours (the longest messaging timer), then moves the clock forward a minute at a time until
/// every deadline has expired, as a host driven by a one-minute poll would. Times are per schedule-and-expire pair.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SchedulerConfig))]
public class SchedulerBenchmarks
{
    private static readonly long Horizon = TimeSpan.FromHours(48).Ticks;
    private static readonly long Step = TimeSpan.FromMinutes(1).Ticks;

    private long[] _offsets = null!;
    private TimingWheel _wheel = null!;
    private PriorityQueue<int, long> _queue = null!;
    private long _now;

    [Params(10_000, 100_000, 1_000_000)]
    public int Sessions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _offsets = Offsets(Sessions);
        _now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).UtcTicks;
        _wheel = new TimingWheel(TimeSpan.FromSeconds(1), _now, Sessions);
        _queue = new PriorityQueue<int, long>(Sessions);
    }

    internal static long[] Offsets(int count)
    {
        var random = new Random(2026);
        var offsets = new long[count];
        for (int i = 0; i < offsets.Length; i++)
        {
            offsets[i] = 1 + random.NextInt64(Horizon);
        }

        return offsets;
    }

    [Benchmark(Baseline = true, Description = "PriorityQueue<int,long>: schedule + expire")]
    public int PriorityQueue()
    {
        long start = _now;
        long[] offsets = _offsets;
        PriorityQueue<int, long> queue = _queue;
        for (int i = 0; i < offsets.Length; i++)
        {
            queue.Enqueue(i, start + offsets[i]);
        }

        int expired = 0;
        for (long now = start; now <= start + Horizon + Step; now += Step)
        {
            while (queue.TryPeek(out _, out long due) && due <= now)
            {
                queue.Dequeue();
                expired++;
            }
        }

        _now = start + Horizon + Step;
        return Check(expired);
    }

    [Benchmark(Description = "TimingWheel: schedule + expire")]
    public int TimingWheel()
    {
        long start = _now;
        long[] offsets = _offsets;
        TimingWheel wheel = _wheel;
        for (int i = 0; i < offsets.Length; i++)
        {
            wheel.Schedule(i, start + offsets[i]);
        }

        var counter = default(Counter);
        for (long now = start; now <= start + Horizon + Step; now += Step)
        {
            wheel.Advance(now, ref counter);
        }

        _now = start + Horizon + Step;
        return Check(counter.Expired);
    }

    private int Check(int expired) =>
        expired == Sessions ? expired : throw new InvalidOperationException($"{expired} of {Sessions} deadlines expired.");

    internal struct Counter : ITimingWheelCallback
    {
        public int Expired;

        public void OnExpired(int id, long deadlineTicks) => Expired++;
    }
}

/// <summary>
/// One <see cref="Timer"/> per session, the design a host would have without a scheduler, against the wheel at a count
/// a process can hold timers for. Timers are created with their deadline and disposed without firing (firing them would
/// take real hours), so the timer figure is a lower bound on its schedule-and-expire cost; the wheel's is the full pair.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SchedulerConfig))]
public class TimerPerSessionBenchmarks
{
    private static readonly long Horizon = TimeSpan.FromHours(48).Ticks;
    private static readonly long Step = TimeSpan.FromMinutes(1).Ticks;

    private long[] _offsets = null!;
    private Timer[] _timers = null!;
    private TimingWheel _wheel = null!;
    private long _now;

    [Params(10_000)]
    public int Sessions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _offsets = SchedulerBenchmarks.Offsets(Sessions);
        _timers = new Timer[Sessions];
        _now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).UtcTicks;
        _wheel = new TimingWheel(TimeSpan.FromSeconds(1), _now, Sessions);
    }

    [Benchmark(Baseline = true, Description = "Timer per session: create + dispose")]
    public int TimerPerSession()
    {
        Timer[] timers = _timers;
        long[] offsets = _offsets;
        for (int i = 0; i < timers.Length; i++)
        {
            timers[i] = new Timer(static _ => { }, null, TimeSpan.FromTicks(offsets[i]), Timeout.InfiniteTimeSpan);
        }

        for (int i = 0; i < timers.Length; i++)
        {
            timers[i].Dispose();
        }

        return timers.Length;
    }

    [Benchmark(Description = "TimingWheel: schedule + expire")]
    public int TimingWheel()
    {
        long start = _now;
        long[] offsets = _offsets;
        for (int i = 0; i < offsets.Length; i++)
        {
            _wheel.Schedule(i, start + offsets[i]);
        }

        var counter = default(SchedulerBenchmarks.Counter);
        for (long now = start; now <= start + Horizon + Step; now += Step)
        {
            _wheel.Advance(now, ref counter);
        }

        _now = start + Horizon + Step;
        return counter.Expired;
    }
}

/// <summary>Adds the "bytes per session" column, and states per-pair times (each invocation does one pair per session).</summary>
public sealed class SchedulerConfig : ManualConfig
{
    public SchedulerConfig()
    {
        AddColumn(new BytesPerSessionColumn());
    }
}

/// <summary>
/// Bytes each pending session holds in the scheduler: measured in the BenchmarkDotNet host process, not the benchmark
/// process, by building the structure for the case's session count (sized for it up front, as the benchmark does, so
/// nothing allocated is garbage) with every deadline pending, and dividing the bytes allocated
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) by the count.
/// </summary>
public sealed class BytesPerSessionColumn : IColumn
{
    private readonly Dictionary<string, string> _cache = [];

    public string Id => nameof(BytesPerSessionColumn);

    public string ColumnName => "Bytes/session";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Bytes allocated and held per pending session by the scheduler, every deadline pending (GC.GetAllocatedBytesForCurrentThread / count)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        int sessions = (int)benchmarkCase.Parameters["Sessions"];
        string method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        string key = method + "/" + sessions;
        if (!_cache.TryGetValue(key, out string? value))
        {
            value = Measure(method, sessions).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
            _cache[key] = value;
        }

        return value;
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    internal static double Measure(string method, int sessions)
    {
        long[] offsets = SchedulerBenchmarks.Offsets(sessions);
        long now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).UtcTicks;
        long before = GC.GetAllocatedBytesForCurrentThread();
        object held;
        switch (method)
        {
            case nameof(SchedulerBenchmarks.PriorityQueue):
                var queue = new PriorityQueue<int, long>(sessions);
                for (int i = 0; i < sessions; i++)
                {
                    queue.Enqueue(i, now + offsets[i]);
                }

                held = queue;
                break;
            case nameof(HostBenchmarks.HostCycle):
                // The whole host: session records, users, the user index and the wheel (the ids array is the caller's).
                long idsBytes = (long)sessions * 8;
                var built = HostBenchmarks.Build(sessions);
                held = built.Host;
                before += idsBytes;
                break;
            case nameof(TimerPerSessionBenchmarks.TimerPerSession):
                var timers = new Timer[sessions];
                for (int i = 0; i < sessions; i++)
                {
                    timers[i] = new Timer(static _ => { }, null, TimeSpan.FromTicks(offsets[i]), Timeout.InfiniteTimeSpan);
                }

                held = timers;
                break;
            default:
                var wheel = new TimingWheel(TimeSpan.FromSeconds(1), now, sessions);
                for (int i = 0; i < sessions; i++)
                {
                    wheel.Schedule(i, now + offsets[i]);
                }

                held = wheel;
                break;
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        double perSession = (after - before) / (double)sessions;
        if (held is Timer[] created)
        {
            foreach (Timer timer in created)
            {
                timer.Dispose();
            }
        }

        GC.KeepAlive(held);
        return perSession;
    }

    public override string ToString() => ColumnName;
}
