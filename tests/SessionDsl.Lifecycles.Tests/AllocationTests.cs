using SessionDsl.Messaging;
using Xunit;
using L = SessionDsl.Messaging.EnhancedCustomerInitiated;
using S = SessionDsl.Messaging.MessagingSessionStatus;
using E = SessionDsl.Messaging.MessagingSessionEvent;

namespace SessionDsl.Lifecycles.Tests;

/// <summary>The hot paths allocate nothing: counted with the runtime's per-thread allocation counter, not timed.</summary>
public class AllocationTests
{
    private const int Transitions = 1_000_000;

    private static readonly E[] Stream = BuildStream();

    private static E[] BuildStream()
    {
        var random = new Random(42);
        var events = Enum.GetValues<E>();
        return Enumerable.Range(0, 4096).Select(_ => events[random.Next(events.Length)]).ToArray();
    }

    [Fact]
    public void A_million_pure_transitions_allocate_zero_bytes()
    {
        var options = new L.Options { CapacityModel = CapacityModel.StatusBased, InactivityTimeout = TimeSpan.FromMinutes(10) };
        RunFire(options, 10_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int applied = RunFire(options, Transitions);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(applied > 0);
    }

    [Fact]
    public void A_million_stateful_applies_with_timers_allocate_zero_bytes()
    {
        var options = new L.Options { CapacityModel = CapacityModel.TabBased, InactivityTimeout = TimeSpan.FromMinutes(10) };
        RunApply(options, 10_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        (int applied, int timers) = RunApply(options, Transitions);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(applied > 0);
        Assert.True(timers > 0);
    }

    private static int RunFire(in L.Options options, int count)
    {
        int applied = 0;
        S status = S.Waiting;
        for (int i = 0; i < count; i++)
        {
            var result = L.Fire(status, Stream[i & 4095], options);
            if (result.IsApplied)
            {
                applied++;
                status = L.IsFinal(result.To) ? S.Waiting : result.To;
            }
        }

        return applied;
    }

    private static (int Applied, int Timers) RunApply(in L.Options options, int count)
    {
        var now = Clock.Morning;
        var session = L.Start(now);
        var counter = new TimerCounter();
        int applied = 0;
        for (int i = 0; i < count; i++)
        {
            now = now.AddMinutes(3);
            if (L.Apply(ref session, Stream[i & 4095], now, options, ref counter).IsApplied)
            {
                applied++;
            }

            if (L.IsFinal(session.Status))
            {
                session = L.Start(now);
            }
        }

        return (applied, counter.Count);
    }
}
