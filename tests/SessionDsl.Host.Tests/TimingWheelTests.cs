using System.Numerics;
using SessionDsl.Hosting;
using Xunit;

namespace SessionDsl.Host.Tests;

public class TimingWheelTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).UtcTicks;
    private static readonly long Second = TimeSpan.TicksPerSecond;

    private struct Log(List<(int Id, long Due)> fired) : ITimingWheelCallback
    {
        public readonly void OnExpired(int id, long deadlineTicks) => fired.Add((id, deadlineTicks));
    }

    private static List<(int Id, long Due)> Advance(TimingWheel wheel, long now)
    {
        var fired = new List<(int, long)>();
        var log = new Log(fired);
        wheel.Advance(now, ref log);
        return fired;
    }

    [Fact]
    public void A_deadline_fires_once_when_the_clock_reaches_it_and_not_before()
    {
        var wheel = new TimingWheel(TimeSpan.FromSeconds(1), T0, 4);
        wheel.Schedule(2, T0 + (90 * Second) + 5);

        Assert.Empty(Advance(wheel, T0 + (90 * Second) + 4));
        Assert.Equal([(2, T0 + (90 * Second) + 5)], Advance(wheel, T0 + (90 * Second) + 5));
        Assert.Empty(Advance(wheel, T0 + (1000 * Second)));
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void Deadlines_within_one_tick_fire_in_deadline_order_then_by_id()
    {
        var wheel = new TimingWheel(TimeSpan.FromMinutes(1), T0, 8);
        wheel.Schedule(5, T0 + (30 * Second));
        wheel.Schedule(1, T0 + (50 * Second));
        wheel.Schedule(3, T0 + (10 * Second));
        wheel.Schedule(0, T0 + (30 * Second));

        Assert.Equal([3, 0, 5, 1], Advance(wheel, T0 + (60 * Second)).Select(f => f.Id));
    }

    [Fact]
    public void A_thousand_deadlines_within_one_tick_fire_in_deadline_order()
    {
        var random = new Random(5);
        var wheel = new TimingWheel(TimeSpan.FromHours(1), T0, 1000);
        long unitStart = T0 + TimeSpan.FromHours(5).Ticks;
        var expected = new List<(int Id, long Due)>();
        for (int id = 0; id < 1000; id++)
        {
            long due = unitStart + random.NextInt64(600 * Second);
            wheel.Schedule(id, due);
            expected.Add((id, due));
        }

        Assert.Equal(expected.OrderBy(e => e.Due).ThenBy(e => e.Id), Advance(wheel, unitStart + (3600 * Second)));
    }

    [Fact]
    public void Rescheduling_moves_the_deadline_and_the_old_one_never_fires()
    {
        var wheel = new TimingWheel(TimeSpan.FromSeconds(1), T0, 4);
        wheel.Schedule(0, T0 + (10 * Second));
        wheel.Schedule(0, T0 + (3600 * Second));
        wheel.Schedule(1, T0 + (5 * Second));
        wheel.Cancel(1);

        Assert.Empty(Advance(wheel, T0 + (3599 * Second)));
        Assert.Equal([(0, T0 + (3600 * Second))], Advance(wheel, T0 + (3600 * Second)));
    }

    [Fact]
    public void A_jump_of_days_fires_every_due_deadline_once_in_order()
    {
        var random = new Random(7);
        var wheel = new TimingWheel(TimeSpan.FromSeconds(1), T0, 5000);
        var expected = new List<(int Id, long Due)>();
        for (int id = 0; id < 5000; id++)
        {
            long due = T0 + random.NextInt64(10 * 24 * 3600 * Second);
            wheel.Schedule(id, due);
            expected.Add((id, due));
        }

        long now = T0 + (5 * 24 * 3600 * Second);
        List<(int Id, long Due)> fired = Advance(wheel, now);

        Assert.Equal(expected.Where(e => e.Due <= now).OrderBy(e => e.Due).ThenBy(e => e.Id), fired);
        Assert.Equal(expected.Count(e => e.Due > now), wheel.Count);
        Assert.Equal(expected.Where(e => e.Due > now).OrderBy(e => e.Due).ThenBy(e => e.Id), Advance(wheel, long.MaxValue / 2));
    }

    [Fact]
    public void A_clock_standing_still_or_running_backwards_fires_nothing_early_and_loses_nothing()
    {
        var wheel = new TimingWheel(TimeSpan.FromSeconds(1), T0, 4);
        wheel.Schedule(0, T0 + (100 * Second));
        Assert.Empty(Advance(wheel, T0 + (50 * Second)));
        Assert.Empty(Advance(wheel, T0 + (50 * Second)));
        Assert.Empty(Advance(wheel, T0 - (3600 * Second)));

        // Scheduled while the clock is behind the wheel: still fires only when its own time comes.
        wheel.Schedule(1, T0 + (20 * Second));
        Assert.Empty(Advance(wheel, T0 + (10 * Second)));
        Assert.Equal([(1, T0 + (20 * Second))], Advance(wheel, T0 + (20 * Second)));
        Assert.Equal([(0, T0 + (100 * Second))], Advance(wheel, T0 + (100 * Second)));
    }

    [Fact]
    public void A_deadline_scheduled_from_a_callback_fires_in_the_same_advance_in_order()
    {
        var wheel = new TimingWheel(TimeSpan.FromSeconds(1), T0, 4);
        wheel.Schedule(0, T0 + (10 * Second));
        wheel.Schedule(1, T0 + (5000 * Second));
        var cascade = new Cascade(wheel, []);

        wheel.Advance(T0 + (10_000 * Second), ref cascade);

        // 0 at 10 s schedules itself again at 10 s + 3600 s: before 1 at 5000 s
        Assert.Equal([(0, T0 + (10 * Second)), (0, T0 + (3610 * Second)), (1, T0 + (5000 * Second))], cascade.Fired);
    }

    private struct Cascade(TimingWheel wheel, List<(int Id, long Due)> fired) : ITimingWheelCallback
    {
        public readonly List<(int Id, long Due)> Fired => fired;

        public readonly void OnExpired(int id, long deadlineTicks)
        {
            fired.Add((id, deadlineTicks));
            if (id == 0 && fired.Count == 1)
            {
                wheel.Schedule(0, deadlineTicks + (3600 * Second));
            }
        }
    }

    [Fact]
    public void Constant_rescheduling_keeps_stale_entries_within_the_live_ones()
    {
        var wheel = new TimingWheel(TimeSpan.FromSeconds(1), T0, 1000);
        var random = new Random(3);
        for (int i = 0; i < 200_000; i++)
        {
            wheel.Schedule(random.Next(1000), T0 + random.NextInt64(3600 * Second, 48 * 3600 * Second));
        }

        Assert.Equal(1000, wheel.Count);
        Assert.True(wheel.Stored <= (2 * 1000) + 4096, $"{wheel.Stored} entries stored for 1000 live ones");
        Assert.Equal(1000, Advance(wheel, T0 + (49 * 3600 * Second)).Count);
        Assert.Equal(0, wheel.Stored);
    }

    [Fact]
    public void A_deadline_in_the_past_fires_at_the_next_advance()
    {
        var wheel = new TimingWheel(TimeSpan.FromSeconds(1), T0, 2);
        wheel.Schedule(0, T0 - (3600 * Second));
        Assert.Equal([(0, T0 - (3600 * Second))], Advance(wheel, T0));
    }

    [Fact]
    public void Fifty_thousand_deadlines_moved_and_cancelled_while_the_clock_runs_fire_as_a_sorted_list_says()
    {
        // Enough deadlines per hour that the wheel spreads its hour buckets by counting sort, with deadlines moved into
        // and cancelled out of the hour being spread.
        var random = new Random(17);
        const int Ids = 50_000;
        var wheel = new TimingWheel(TimeSpan.FromSeconds(1), T0, Ids);
        var pending = new Dictionary<int, long>();
        for (int id = 0; id < Ids; id++)
        {
            long due = T0 + random.NextInt64(6 * 3600 * Second);
            wheel.Schedule(id, due);
            pending[id] = due;
        }

        long now = T0;
        var fired = new List<(int Id, long Due)>();
        while (pending.Count > 0)
        {
            now += random.Next(4) == 0 ? 0 : random.NextInt64(20 * 60 * Second);
            for (int i = 0; i < 500; i++)
            {
                int id = random.Next(Ids);
                if (random.Next(3) == 0)
                {
                    Assert.Equal(pending.Remove(id), wheel.Cancel(id));
                }
                else if (pending.ContainsKey(id))
                {
                    long due = now + random.NextInt64(-60 * Second, 2 * 3600 * Second);
                    wheel.Schedule(id, due);
                    pending[id] = due;
                }
            }

            var expected = pending.Where(p => p.Value <= now).OrderBy(p => p.Value).ThenBy(p => p.Key).Select(p => (p.Key, p.Value)).ToList();
            foreach ((int id, _) in expected)
            {
                pending.Remove(id);
            }

            Assert.Equal(expected, Advance(wheel, now));
            Assert.Equal(pending.Count, wheel.Count);
        }

        Assert.Equal(0, wheel.Stored);
    }

    [Fact]
    public void Deadlines_on_and_around_level_boundaries_fire_as_a_sorted_list_says()
    {
        // A tick of 100 ns makes a unit one tick: a level-0 block is 4096 ticks, level 1 holds the next 63 blocks
        // circularly, and the level-2 and level-3 ranges (2^18 and 2^24 ticks) are crossed again and again, with
        // deadlines on the boundaries, just either side of them, and in the same block as ones already sorted.
        var random = new Random(29);
        const int Ids = 4000;
        long start = (1L << 24) - 300_000;
        var wheel = new TimingWheel(TimeSpan.FromTicks(1), start, Ids);
        var pending = new Dictionary<int, long>();
        long now = start;
        for (int round = 0; round < 300; round++)
        {
            for (int i = 0; i < 200; i++)
            {
                int id = random.Next(Ids);
                if (random.Next(5) == 0)
                {
                    Assert.Equal(pending.Remove(id), wheel.Cancel(id));
                    continue;
                }

                long boundary = 1L << random.Next(12, 25);
                long due = random.Next(4) switch
                {
                    0 => now + random.NextInt64(-50, 4096),
                    1 => now + random.NextInt64(64 * 4096),
                    2 => now + random.NextInt64(1L << 21),
                    _ => ((now / boundary) + random.Next(1, 3)) * boundary + random.NextInt64(-2, 3),
                };
                wheel.Schedule(id, due);
                pending[id] = due;
            }

            now += random.Next(3) switch { 0 => 0, 1 => random.NextInt64(5000), _ => random.NextInt64(1L << 19) };
            var expected = pending.Where(p => p.Value <= now).OrderBy(p => p.Value).ThenBy(p => p.Key).Select(p => (p.Key, p.Value)).ToList();
            foreach ((int id, _) in expected)
            {
                pending.Remove(id);
            }

            Assert.Equal(expected, Advance(wheel, now));
            Assert.Equal(pending.Count, wheel.Count);
        }

        Assert.Equal(pending.OrderBy(p => p.Value).ThenBy(p => p.Key).Select(p => (p.Key, p.Value)), Advance(wheel, long.MaxValue / 2));
        Assert.Equal(0, wheel.Stored);
    }

    [Theory]
    [InlineData(10_000_000L)] // one second: a unit is 2^23 ticks, cut into eighths
    [InlineData(4L)] // 400 ns: a unit is 4 ticks, so the sort's keys are single ticks
    public void A_busy_block_sorted_by_parts_of_a_unit_fires_in_deadline_order(long tickTicks)
    {
        // 30,000 deadlines in one block of 4096 units (more entries than units: the block's counting sort cuts units
        // finer), some moved and cancelled, some moved into the block while it is being read.
        var random = new Random(31);
        const int Ids = 30_000;
        var wheel = new TimingWheel(TimeSpan.FromTicks(tickTicks), T0, Ids);
        long unit = 1L << BitOperations.Log2((ulong)tickTicks);
        long blockStart = ((T0 / (4096 * unit)) + 2) * 4096 * unit;
        var pending = new Dictionary<int, long>();
        for (int id = 0; id < Ids; id++)
        {
            long due = blockStart + random.NextInt64(4096 * unit);
            wheel.Schedule(id, due);
            pending[id] = due;
        }

        for (int i = 0; i < 3000; i++)
        {
            int id = random.Next(Ids);
            if (random.Next(2) == 0)
            {
                Assert.Equal(pending.Remove(id), wheel.Cancel(id));
            }
            else
            {
                long due = blockStart + random.NextInt64(4096 * unit);
                wheel.Schedule(id, due);
                pending[id] = due;
            }
        }

        long now = blockStart - 1;
        while (pending.Count > 0)
        {
            now += random.NextInt64(400 * unit);
            var expected = pending.Where(p => p.Value <= now).OrderBy(p => p.Value).ThenBy(p => p.Key).Select(p => (p.Key, p.Value)).ToList();
            foreach ((int id, _) in expected)
            {
                pending.Remove(id);
            }

            Assert.Equal(expected, Advance(wheel, now));
            for (int i = 0; i < 50; i++)
            {
                int id = random.Next(Ids);
                long due = now + 1 + random.NextInt64(600 * unit);
                wheel.Schedule(id, due);
                pending[id] = due;
            }

            Assert.Equal(pending.Count, wheel.Count);
            if (now > blockStart + (8192 * unit))
            {
                break;
            }
        }

        Assert.Equal(pending.OrderBy(p => p.Value).ThenBy(p => p.Key).Select(p => (p.Key, p.Value)), Advance(wheel, long.MaxValue / 2));
        Assert.Equal(0, wheel.Stored);
    }

    [Fact]
    public void Random_schedules_cancels_and_advances_agree_with_a_sorted_list()
    {
        var random = new Random(11);
        for (int round = 0; round < 20; round++)
        {
            TimeSpan tick = TimeSpan.FromTicks(1 + random.NextInt64(10 * Second));
            var wheel = new TimingWheel(tick, T0, 64);
            var pending = new Dictionary<int, long>();
            long now = T0;
            for (int step = 0; step < 2000; step++)
            {
                int id = random.Next(64);
                switch (random.Next(4))
                {
                    case 0:
                    case 1:
                        long due = now + random.NextInt64(-100 * Second, 48 * 3600 * Second);
                        wheel.Schedule(id, due);
                        pending[id] = due;
                        break;
                    case 2:
                        Assert.Equal(pending.Remove(id), wheel.Cancel(id));
                        break;
                    default:
                        now += random.Next(3) switch { 0 => 0, 1 => random.NextInt64(-600 * Second, 600 * Second), _ => random.NextInt64(3 * 24 * 3600 * Second) };
                        var expected = pending.Where(p => p.Value <= now).OrderBy(p => p.Value).ThenBy(p => p.Key).Select(p => (p.Key, p.Value)).ToList();
                        foreach ((int k, _) in expected)
                        {
                            pending.Remove(k);
                        }

                        Assert.Equal(expected, Advance(wheel, now));
                        break;
                }

                Assert.Equal(pending.Count, wheel.Count);
            }

            Advance(wheel, long.MaxValue / 2);
            Assert.Equal(0, wheel.Count);
            Assert.Equal(0, wheel.Stored);
        }
    }
}
