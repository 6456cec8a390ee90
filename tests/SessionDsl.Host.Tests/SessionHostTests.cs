using Microsoft.Extensions.Time.Testing;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using SessionDsl.Messaging;
using Xunit;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Host.Tests;

public class SessionHostTests
{
    [Fact]
    public void Events_are_applied_through_the_generated_lifecycle_and_recorded_in_the_feed_with_positions()
    {
        using var f = new Messaging.Fixture();
        f.Customer("s1");
        HostResult<string, S, E> result = f.Host.Apply("s1", E.Accept);

        Assert.Equal(HostOutcome.Applied, result.Outcome);
        Assert.Equal(S.Active, result.Transition.To);
        Assert.Equal(S.Active, f.Status("s1"));
        Assert.Equal(2, result.Position);
        Assert.Equal(
            [(1L, SessionChangeKind.Started, (S?)S.Waiting, (E?)null), (2L, SessionChangeKind.Transition, S.Active, E.Accept)],
            f.Feed.Select(c => (c.Position, c.Kind, c.To, c.Event)));
        Assert.Equal(("s1", "ann/WhatsApp", "EnhancedCustomerInitiated"), (f.Feed[1].Key, f.Feed[1].Partition, f.Feed[1].Lifecycle));
    }

    [Fact]
    public void An_event_the_lifecycle_refuses_is_a_result_and_changes_nothing()
    {
        using var f = new Messaging.Fixture();
        f.Customer("s1");
        HostResult<string, S, E> result = f.Host.Apply("s1", E.EndChat);

        Assert.Equal(HostOutcome.EventRefused, result.Outcome);
        Assert.Equal(TransitionOutcome.NotPermitted, result.Transition.Outcome);
        Assert.Equal(S.Waiting, f.Status("s1"));
        Assert.Equal(0, result.Position);
        Assert.Single(f.Feed);
        Assert.Equal("Session 's1': the lifecycle refused the event: EndChat in Waiting: NotPermitted.", result.Message);
    }

    [Fact]
    public void The_inactivity_countdown_fires_at_its_deadline_and_the_cascade_ends_the_session_thirty_hours_later()
    {
        using var f = new Messaging.Fixture();
        f.Customer("s1");
        f.Apply("s1", E.Accept, E.RepMessage);

        f.Fake.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.Equal(0, f.Host.Advance());
        Assert.Equal(S.Active, f.Status("s1"));

        f.Fake.Advance(TimeSpan.FromDays(3));
        Assert.Equal(2, f.Host.Advance());
        Assert.Equal(S.Ended, f.Status("s1"));
        Assert.Equal(
            [(S.Active, S.Inactive, "CustomerInactivityCountdown", Messaging.Start.AddMinutes(10)), (S.Inactive, S.Ended, "InactiveSessionExpiry", Messaging.Start.AddMinutes(10).AddHours(30))],
            f.Feed.Where(c => c.Kind == SessionChangeKind.TimerFired).Select(c => (c.From!.Value, c.To!.Value, c.Timer, c.At)));
        Assert.Equal(0, f.Host.PendingDeadlines);
    }

    [Fact]
    public void A_jump_of_days_fires_every_due_timer_of_every_session_once_in_deadline_order()
    {
        using var f = new Messaging.Fixture();
        EnhancedCustomerInitiated.Options[] options =
        [
            Messaging.TenMinutes,
            new() { CapacityModel = CapacityModel.StatusBased, InactivityTimeout = TimeSpan.FromMinutes(5) },
            new() { InactivityTimeout = null },
            new() { InactivityTimeout = TimeSpan.FromMinutes(30) },
        ];
        for (int i = 0; i < 50; i++)
        {
            f.Fake.Advance(TimeSpan.FromSeconds(37));
            f.Customer($"s{i}", $"user{i}/Sms", options[i % 4]);
            f.Apply($"s{i}", E.Accept, E.RepMessage);
            if (i % 5 == 0)
            {
                f.Apply($"s{i}", E.MarkInactive);
            }
        }

        f.Fake.Advance(TimeSpan.FromDays(5));
        f.Host.Advance();

        var timers = f.Feed.Where(c => c.Kind == SessionChangeKind.TimerFired).ToList();
        Assert.Equal(timers.OrderBy(t => t.At).Select(t => t.At), timers.Select(t => t.At));
        Assert.Equal(timers.Count, timers.Select(t => (t.Key, t.Timer)).Distinct().Count());
        for (int i = 0; i < 50; i++)
        {
            // Options 2 have no inactivity timeout and options 1 are status-based (no automatic Inactive): those stay
            // Active unless a rep marked them.
            Assert.Equal(i % 5 == 0 || i % 4 is 0 or 3 ? S.Ended : S.Active, f.Status($"s{i}"));
        }

        Assert.Equal(0, f.Host.Advance());
    }

    [Fact]
    public void Time_standing_still_fires_nothing_more()
    {
        using var f = new Messaging.Fixture();
        f.Customer("s1");
        f.Apply("s1", E.Accept, E.RepMessage);
        f.Fake.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, f.Host.Advance());
        Assert.Equal(0, f.Host.Advance());
        Assert.Equal(0, f.Host.Advance());
        Assert.Single(f.Feed, c => c.Kind == SessionChangeKind.TimerFired);
    }

    [Fact]
    public void Time_going_backwards_fires_nothing_early_and_loses_nothing()
    {
        var clock = new Messaging.ManualClock(Messaging.Start);
        using var f = new Messaging.Fixture(clock);
        f.Customer("a", "ann/Sms");
        f.Apply("a", E.Accept, E.RepMessage); // due at +10 min

        clock.Now = Messaging.Start.AddMinutes(9);
        Assert.Equal(0, f.Host.Advance());
        clock.Now = Messaging.Start.AddHours(-2);
        Assert.Equal(0, f.Host.Advance());
        Assert.Equal(S.Active, f.Status("a"));

        // A session started while the clock is behind keeps its own deadline.
        f.Customer("b", "bob/Sms");
        f.Apply("b", E.Accept, E.RepMessage); // due at -2 h + 10 min
        clock.Now = Messaging.Start.AddHours(-2).AddMinutes(9);
        Assert.Equal(0, f.Host.Advance());
        clock.Now = Messaging.Start.AddMinutes(10);
        Assert.Equal(2, f.Host.Advance());
        Assert.Equal(["b", "a"], f.Feed.Where(c => c.Kind == SessionChangeKind.TimerFired).Select(c => c.Key));
        Assert.Equal(S.Inactive, f.Status("a"));
        Assert.Equal(S.Inactive, f.Status("b"));
    }

    [Fact]
    public void Restarting_a_countdown_moves_its_deadline_and_the_old_one_never_fires()
    {
        // The bot's timeout (2 hours by default) restarts at each of the bot's messages.
        using var f = new Messaging.Fixture();
        f.Customer("s1");
        f.Apply("s1", E.Accept, E.BotMessage);
        for (int i = 0; i < 5; i++)
        {
            f.Fake.Advance(TimeSpan.FromMinutes(100));
            f.Apply("s1", E.BotMessage);
            f.Host.Advance();
        }

        Assert.Equal(S.Active, f.Status("s1"));
        Assert.Equal(Messaging.Start.AddMinutes(500).AddHours(2), f.Host.Get("s1").NextDeadline);
        f.Fake.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, f.Host.Advance());
        Assert.Equal(S.Ended, f.Status("s1"));
        Assert.Single(f.Feed, c => c.Kind == SessionChangeKind.TimerFired);
    }

    [Fact]
    public void A_countdown_that_does_not_restart_keeps_its_first_deadline_in_the_host()
    {
        // The customer-inactivity countdown counts from the rep's first reply (restart: false).
        using var f = new Messaging.Fixture();
        f.Customer("s1");
        f.Apply("s1", E.Accept, E.RepMessage);
        f.Fake.Advance(TimeSpan.FromMinutes(9));
        f.Apply("s1", E.RepMessage);
        Assert.Equal(Messaging.Start.AddMinutes(10), f.Host.Get("s1").NextDeadline);

        f.Fake.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, f.Host.Advance());
        Assert.Equal(S.Inactive, f.Status("s1"));
    }

    [Fact]
    public void The_clock_timer_advances_the_host_every_tick()
    {
        var fake = new FakeTimeProvider(Messaging.Start);
        using var f = new Messaging.Fixture(fake, tick: TimeSpan.FromSeconds(10));
        f.Host.StartClock();
        f.Customer("s1");
        f.Apply("s1", E.Accept, E.RepMessage);

        fake.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(S.Inactive, f.Status("s1"));
        Assert.Equal(Messaging.Start.AddMinutes(10), f.Feed.Single(c => c.Kind == SessionChangeKind.TimerFired).At);
        Assert.Null(f.Host.LastClockError);
    }

    [Fact]
    public void A_store_that_fails_on_the_clock_thread_never_ends_the_process_and_the_next_tick_catches_up()
    {
        var fake = new FakeTimeProvider(Messaging.Start);
        var store = new FailingStore(new InMemorySessionStore());
        using var f = new Messaging.Fixture(fake, tick: TimeSpan.FromSeconds(10), store: store);
        f.Host.StartClock();
        f.Customer("s1");
        f.Apply("s1", E.Accept, E.RepMessage);

        store.Failing = true;
        fake.Advance(TimeSpan.FromMinutes(11)); // the timer's advance throws inside the clock's callback
        Assert.IsType<SessionStoreException>(f.Host.LastClockError);
        Assert.Equal(S.Active, f.Status("s1")); // per-call commits: memory is never ahead of the store

        store.Failing = false;
        fake.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(f.Host.LastClockError);
        Assert.Equal(S.Inactive, f.Status("s1"));
        Assert.Equal(Messaging.Start.AddMinutes(10), f.Feed.Single(c => c.Kind == SessionChangeKind.TimerFired).At);
    }

    [Fact]
    public void Disposing_the_host_stops_its_clock_and_every_later_call_throws()
    {
        var fake = new FakeTimeProvider(Messaging.Start);
        var f = new Messaging.Fixture(fake);
        f.Host.StartClock();
        f.Customer("s1");
        f.Apply("s1", E.Accept, E.RepMessage);
        f.Host.Dispose();

        fake.Advance(TimeSpan.FromHours(1));
        Assert.Throws<ObjectDisposedException>(() => f.Host.Apply("s1", E.EndChat));
        Assert.Throws<ObjectDisposedException>(() => f.Host.Start("s2", "bob/Sms", f.EnhancedCustomer));
        Assert.Throws<ObjectDisposedException>(() => f.Host.Delete("s1"));
        Assert.Throws<ObjectDisposedException>(() => f.Host.Advance());
        Assert.Throws<ObjectDisposedException>(() => f.Host.Get("s1"));
        Assert.Throws<ObjectDisposedException>(() => f.Host.StartClock());

        // What it did before is in the store: the timer never fired.
        Assert.DoesNotContain(f.Store!.ReadChanges(0, 100), c => c.Kind == SessionChangeKind.TimerFired);
    }

    [Fact]
    public void Bad_calls_are_results_that_say_what_is_wrong_and_change_nothing()
    {
        using var f = new Messaging.Fixture();
        f.Customer("s1");

        Assert.Equal(HostOutcome.UnknownSession, f.Host.Apply("nope", E.Accept).Outcome);
        Assert.Equal("No session has the key 'nope' (never started, or deleted or merged since).", f.Host.Apply("nope", E.Accept).Message);
        HostResult<string, S, E> twice = f.Host.Start("s1", "bob/Sms", f.EnhancedCustomer);
        Assert.Equal(HostOutcome.KeyInUse, twice.Outcome);
        Assert.Equal("A session with the key 's1' already exists (EnhancedCustomerInitiated, Waiting); keys are unique within a host.", twice.Message);
        HostResult<string, S, E> notInitial = f.Host.Start("s2", "bob/Sms", f.EnhancedCustomer, default, initial: S.Active);
        Assert.Equal(HostOutcome.NotAnInitialStatus, notInitial.Outcome);
        Assert.Equal("'Active' is not an initial status of EnhancedCustomerInitiated; it starts in Waiting or Consent.", notInitial.Message);

        Assert.Equal(1, f.Host.Count);
        Assert.Single(f.Feed);
    }

    [Fact]
    public void Options_out_of_range_cannot_be_made_and_forged_ones_are_refused_at_start_naming_the_option()
    {
        using var f = new Messaging.Fixture();

        // Generated options check every value when it is set: TimeSpan.MaxValue never gets as far as a deadline.
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnhancedCustomerInitiated.Options { InactivityTimeout = TimeSpan.MaxValue });
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnhancedBusinessInitiated.Options { Channel = (MessagingChannel)99 });

        // Options forged past those checks (here by reflection on the backing field) are refused by the host.
        HostResult<string, S, E> huge = f.Host.Start("s1", "ann/Sms", f.EnhancedCustomer, Forged(new EnhancedCustomerInitiated.Options(), "_inactivityTimeout", (TimeSpan?)TimeSpan.MaxValue));
        HostResult<string, S, E> channel = f.Host.Start("s2", "ann/Sms", f.EnhancedBusiness, Forged(new EnhancedBusinessInitiated.Options(), "_channel", (MessagingChannel)99));

        Assert.Equal(HostOutcome.InvalidOptions, huge.Outcome);
        Assert.StartsWith("Options of EnhancedCustomerInitiated are invalid: Option 'inactivityTimeout' is ", huge.Message);
        Assert.Contains("within 5m to 30m", huge.Message);
        Assert.Equal(HostOutcome.InvalidOptions, channel.Outcome);
        Assert.Contains("Option 'channel' is 99; it must be one of: InAppChat, WebChat", channel.Message);
        Assert.Equal(0, f.Host.Count);
        Assert.Empty(f.Feed);

        static T Forged<T>(T options, string field, object? value)
            where T : struct
        {
            object boxed = options;
            typeof(T).GetField(field, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.SetValue(boxed, value);
            return (T)boxed;
        }
    }

    [Fact]
    public void A_lifecycle_handle_from_another_host_is_refused()
    {
        using var f = new Messaging.Fixture();
        using var other = new Messaging.Fixture();

        HostResult<string, S, E> result = f.Host.Start("s1", "ann/Sms", other.EnhancedCustomer);

        Assert.Equal(HostOutcome.UnknownLifecycle, result.Outcome);
        Assert.Contains("was not registered with this host", result.Message);
    }

    [Fact]
    public void A_host_must_be_opened_after_registering_and_registers_nothing_once_open()
    {
        using var f = new Messaging.Fixture(open: false);
        Assert.Throws<InvalidOperationException>(() => f.Host.Apply("s1", E.Accept));
        f.Host.Open();
        InvalidOperationException late = Assert.Throws<InvalidOperationException>(() => f.Host.Register<StandardCustomerInitiated, StandardCustomerInitiated.Options>());
        Assert.Contains("before Open", late.Message);
        Assert.Throws<InvalidOperationException>(() => f.Host.Open());
    }

    [Fact]
    public void Keys_may_be_guids_or_numbers_and_the_feed_gives_them_back_typed()
    {
        using var host = new SessionHost<Guid, long, S, E>(new SessionHostOptions { TimeProvider = new FakeTimeProvider(Messaging.Start), Store = new InMemorySessionStore() });
        LifecycleHandle<EnhancedCustomerInitiated.Options> lifecycle = host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>();
        host.Open();
        Guid key = Guid.NewGuid();

        host.Start(key, 42L, lifecycle).OrThrow();
        host.Apply(key, E.Accept).OrThrow();

        Assert.Equal([key, key], host.ReadChanges(0).Select(c => c.Key));
        Assert.Equal([42L, 42L], host.ReadChanges(0).Select(c => c.Partition));
        Assert.Throws<NotSupportedException>(() => new SessionHost<DateTime, long, S, E>());
    }

    [Fact]
    public void A_partition_whose_sessions_are_all_gone_is_forgotten()
    {
        using var f = new Messaging.Fixture();
        for (int i = 0; i < 100; i++)
        {
            f.Customer($"s{i}", $"user{i}/Sms");
            f.Apply($"s{i}", E.OptOut);
            f.Host.Delete($"s{i}").OrThrow();
        }

        Assert.Equal(0, f.Host.Count);
        Assert.Equal(0, f.Host.PartitionCount);
        Assert.Empty(f.Host.GetPartition("user1/Sms"));
    }

    [Fact]
    public void A_deleted_key_addresses_nothing_and_may_start_a_new_session()
    {
        using var f = new Messaging.Fixture();
        f.Customer("s1");
        f.Apply("s1", E.OptOut);
        f.Host.Delete("s1").OrThrow();

        Assert.Equal(HostOutcome.UnknownSession, f.Host.Apply("s1", E.Accept).Outcome);
        Assert.Equal(HostOutcome.UnknownSession, f.Host.Delete("s1").Outcome);
        f.Customer("s1");
        Assert.Equal(S.Waiting, f.Status("s1"));
        Assert.Equal(
            [SessionChangeKind.Started, SessionChangeKind.Transition, SessionChangeKind.Deleted, SessionChangeKind.Started],
            f.Feed.Select(c => c.Kind));
    }

    [Fact]
    public void Applying_events_and_firing_timers_in_memory_allocates_nothing_per_transition()
    {
        using var f = new Messaging.Fixture(memoryOnly: true);
        string[] keys = [.. Enumerable.Range(0, 1000).Select(i => $"s{i}")];
        foreach (string key in keys)
        {
            f.Customer(key, key);
            f.Apply(key, E.Accept, E.RepMessage);
        }

        // Warm up until the wheel's pool of bucket chunks covers the working set, then measure.
        for (int i = 0; i < 5; i++)
        {
            Cycle();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            Cycle();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{allocated} bytes allocated");
        Assert.Equal(15 * keys.Length, f.Host.TimersFired);

        void Cycle()
        {
            foreach (string key in keys)
            {
                f.Host.Apply(key, E.RepMessage);
            }

            f.Fake.Advance(TimeSpan.FromMinutes(10));
            f.Host.Advance();
            foreach (string key in keys)
            {
                f.Host.Apply(key, E.CustomerMessage);
                f.Host.Apply(key, E.Accept);
            }
        }
    }
}

/// <summary>A store that fails every commit while <see cref="Failing"/> is set (a disk that returns errors), passing the rest through.</summary>
internal sealed class FailingStore(ISessionStore inner) : ISessionStore
{
    public bool Failing { get; set; }

    /// <summary>Fail only after this many more commits succeed (then keep failing until <see cref="Failing"/> is cleared).</summary>
    public int FailAfter { get; set; } = -1;

    public int Commits { get; private set; }

    public StoreHead Open() => inner.Open();

    public IEnumerable<StoredSession> ReadSessions() => inner.ReadSessions();

    public void Commit(StoreBatch batch)
    {
        if (FailAfter == 0)
        {
            Failing = true;
            FailAfter = -1;
        }
        else if (FailAfter > 0)
        {
            FailAfter--;
        }

        if (Failing)
        {
            throw new IOException("disk I/O error (test double)");
        }

        inner.Commit(batch);
        Commits++;
    }

    public IReadOnlyList<StoredChange> ReadChanges(long afterPosition, int max) => inner.ReadChanges(afterPosition, max);

    public long ReadAcknowledged(string subscriber) => inner.ReadAcknowledged(subscriber);

    public void Acknowledge(string subscriber, long position) => inner.Acknowledge(subscriber, position);

    public string? ReadCheckpoint(string name) => inner.ReadCheckpoint(name);

    public void Dispose() => inner.Dispose();
}
