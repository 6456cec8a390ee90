using Microsoft.Extensions.Time.Testing;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using SessionDsl.Messaging;
using Xunit;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Host.Tests;

/// <summary>
/// A host closed and opened again on its store: every session, countdown and deadline comes back, what came due while
/// it was down fires on opening, in deadline order, at its own deadline, once; and a store that fails loses nothing
/// that was acknowledged.
/// </summary>
public class DurableHostTests
{
    [Fact]
    public void Sessions_their_countdowns_and_deadlines_come_back_when_a_host_opens_its_store_again()
    {
        var store = new InMemorySessionStore();
        var time = new FakeTimeProvider(Messaging.Start);
        using (var first = new Messaging.Fixture(time, store: store))
        {
            first.Customer("a", "ann/Sms");
            first.Apply("a", E.Accept, E.RepMessage); // countdown running, due at +10 min
            first.Customer("b", "bob/Sms", new EnhancedCustomerInitiated.Options { CapacityModel = CapacityModel.StatusBased });
        }

        using var second = new Messaging.Fixture(time, store: store);
        SessionView<string, string, S> a = second.Host.Get("a");

        Assert.Equal(S.Active, a.Status);
        Assert.Equal(Messaging.Start, a.State.CountdownStartedAt(0));
        Assert.Equal(Messaging.Start.AddMinutes(10), a.NextDeadline);
        Assert.Equal("capacityModel=StatusBased; inactivityTimeout=none; channel=WebChat; botTimeout=2h; inactiveExpiry=1d6h", second.Host.Get("b").OptionsText);
        Assert.Equal(2, second.Host.Count);
        Assert.Equal(1, second.Host.PendingDeadlines);
        Assert.Equal(4, second.Host.LastPosition);

        // The next change follows on from the stored feed, with no gap and no reuse.
        Assert.Equal(5, second.Host.Apply("b", E.Accept).Position);
    }

    [Fact]
    public void Timers_that_came_due_while_the_host_was_down_fire_on_opening_in_deadline_order_each_at_its_deadline_once()
    {
        var store = new InMemorySessionStore();
        var time = new FakeTimeProvider(Messaging.Start);
        using (var first = new Messaging.Fixture(time, store: store))
        {
            for (int i = 0; i < 20; i++)
            {
                time.Advance(TimeSpan.FromMinutes(3));
                first.Customer($"s{i}", $"user{i}/Sms");
                first.Apply($"s{i}", E.Accept, E.RepMessage);
            }
        }

        // Down for three days: every 10-minute countdown, then every 30-hour expiry, came due meanwhile.
        time.Advance(TimeSpan.FromDays(3));
        using var second = new Messaging.Fixture(time, store: store);

        var fired = second.Feed.Where(c => c.Kind == SessionChangeKind.TimerFired).ToList();
        Assert.Equal(40, fired.Count);
        Assert.Equal(fired.OrderBy(c => c.At).Select(c => c.Position), fired.Select(c => c.Position));
        for (int i = 0; i < 20; i++)
        {
            DateTimeOffset reply = Messaging.Start.AddMinutes(3 * (i + 1));
            Assert.Equal(
                [("CustomerInactivityCountdown", reply.AddMinutes(10)), ("InactiveSessionExpiry", reply.AddMinutes(10).AddHours(30))],
                fired.Where(c => c.Key == $"s{i}").Select(c => (c.Timer!, c.At)));
            Assert.Equal(S.Ended, second.Status($"s{i}"));
        }

        Assert.Equal(0, second.Host.PendingDeadlines);

        // Opening again fires nothing more.
        second.Dispose();
        using var third = new Messaging.Fixture(time, store: store);
        Assert.Equal(40, third.Feed.Count(c => c.Kind == SessionChangeKind.TimerFired));
    }

    [Fact]
    public void A_host_that_stayed_up_and_one_that_restarted_in_between_end_with_the_same_sessions_and_feed()
    {
        var steady = new InMemorySessionStore();
        var restarted = new InMemorySessionStore();
        var time1 = new FakeTimeProvider(Messaging.Start);
        var time2 = new FakeTimeProvider(Messaging.Start);
        var up = new Messaging.Fixture(time1, store: steady);
        var down = new Messaging.Fixture(time2, store: restarted);
        foreach (Messaging.Fixture f in new[] { up, down })
        {
            f.Customer("a", "ann/Sms");
            f.Apply("a", E.Accept, E.RepMessage);
            f.Rep("b", "bob/Sms").OrThrow();
        }

        time1.Advance(TimeSpan.FromHours(50));
        up.Host.Advance();
        down.Dispose();
        time2.Advance(TimeSpan.FromHours(50));
        down = new Messaging.Fixture(time2, store: restarted);

        Assert.Equal(up.Feed, down.Feed);
        Assert.Equal(Views(up), Views(down));
        up.Dispose();
        down.Dispose();

        static IEnumerable<SessionView<string, string, S>> Views(Messaging.Fixture f) => [f.Host.Get("a"), f.Host.Get("b")];
    }

    [Fact]
    public void A_failed_per_call_commit_changes_nothing_in_memory_and_the_host_goes_on()
    {
        var store = new FailingStore(new InMemorySessionStore());
        using var f = new Messaging.Fixture(store: store);
        f.Customer("a", "ann/Sms");
        f.Apply("a", E.Accept);
        f.Customer("c", "cid/Sms");
        f.Apply("c", E.OptOut);

        store.Failing = true;
        SessionStoreException error = Assert.Throws<SessionStoreException>(() => f.Host.Apply("a", E.RepMessage));
        Assert.Contains("the call changed nothing, in memory or in the store", error.Message);
        Assert.Contains("disk I/O error", error.Message);
        Assert.Throws<SessionStoreException>(() => f.Customer("b", "bob/Sms"));
        Assert.Throws<SessionStoreException>(() => f.Host.Delete("c"));

        Assert.Equal(S.Active, f.Status("a"));
        Assert.Null(f.Host.Get("a").State.CountdownStartedAt(0));
        Assert.Equal(S.Ended, f.Status("c"));
        Assert.Equal(0, f.Host.PendingDeadlines);
        Assert.False(f.Host.TryGet("b", out _));
        Assert.Equal(2, f.Host.PartitionCount);
        Assert.Equal(4, f.Host.LastPosition);
        Assert.Null(f.Host.CheckConsistency());

        store.Failing = false;
        Assert.Equal(5, f.Host.Apply("a", E.RepMessage).Position);
        f.Customer("b", "bob/Sms");
        f.Host.Delete("c").OrThrow();
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], f.Feed.Select(c => c.Position));
        Assert.Null(f.Host.CheckConsistency());
    }

    [Fact]
    public void A_failed_commit_of_fired_timers_puts_them_back_and_they_fire_at_the_next_advance()
    {
        var store = new FailingStore(new InMemorySessionStore());
        using var f = new Messaging.Fixture(store: store);
        for (int i = 0; i < 10; i++)
        {
            f.Customer($"s{i}", $"user{i}/Sms");
            f.Apply($"s{i}", E.Accept, E.RepMessage);
        }

        f.Fake.Advance(TimeSpan.FromHours(1));
        store.Failing = true;
        Assert.Throws<SessionStoreException>(() => f.Host.Advance());
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(S.Active, f.Status($"s{i}")));
        Assert.Equal(10, f.Host.PendingDeadlines);

        store.Failing = false;
        Assert.Equal(10, f.Host.Advance());
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(S.Inactive, f.Status($"s{i}")));
        Assert.Equal(10, f.Feed.Count(c => c.Kind == SessionChangeKind.TimerFired));
    }

    [Fact]
    public async Task Group_commit_acknowledges_a_call_once_its_commit_is_done()
    {
        var store = new InMemorySessionStore();
        await using var f = new Messaging.Fixture(store: store, durability: Durability.GroupCommit);
        HostResult<string, S, E> started = await f.Host.StartAsync("a", "ann/Sms", f.EnhancedCustomer, Messaging.TenMinutes);
        HostResult<string, S, E> accepted = await f.Host.ApplyAsync("a", E.Accept);

        Assert.Equal(2, accepted.Position);
        Assert.True(f.Host.DurablePosition >= 2);
        Assert.Equal(2, store.ReadChanges(0, 10).Count);
        Assert.Equal(1, started.Position);

        // Many calls in a burst are committed together.
        int commitsBefore = store.Commits;
        var results = Enumerable.Range(0, 200).Select(i => f.Host.Start($"b{i}", $"user{i}/Sms", f.EnhancedCustomer)).ToList();
        await f.Host.WhenDurableAsync(results[^1].Position);
        Assert.Equal(202, store.ReadChanges(0, 1000).Count);
        Assert.True(store.Commits - commitsBefore < 200, $"{store.Commits - commitsBefore} commits for 200 calls");
    }

    [Fact]
    public async Task A_failed_group_commit_stops_the_host_and_a_new_host_goes_on_from_the_last_commit()
    {
        var inner = new InMemorySessionStore();
        var store = new FailingStore(inner);
        var time = new FakeTimeProvider(Messaging.Start);
        var f = new Messaging.Fixture(time, store: store, durability: Durability.GroupCommit);
        await f.Host.StartAsync("a", "ann/Sms", f.EnhancedCustomer, Messaging.TenMinutes);

        store.Failing = true;
        HostResult<string, S, E> lost = f.Host.Apply("a", E.Accept);
        SessionStoreException failed = await Assert.ThrowsAsync<SessionStoreException>(async () => await f.Host.WhenDurableAsync(lost.Position));
        Assert.Contains("accepts no more calls", failed.Message);
        Assert.Throws<SessionStoreException>(() => f.Host.Apply("a", E.RepMessage));
        await f.Host.DisposeAsync();

        store.Failing = false;
        using var again = new Messaging.Fixture(time, store: store, durability: Durability.GroupCommit);
        Assert.Equal(S.Waiting, again.Status("a")); // the acknowledged start is there; the unacknowledged accept is not
        Assert.Equal(2, (await again.Host.ApplyAsync("a", E.Accept)).Position); // and its position is taken again, no gap
    }

    [Fact]
    public void A_store_holding_a_status_the_definition_lacks_is_a_startup_error_naming_it_and_a_rename_migrates_it()
    {
        var store = new InMemorySessionStore();
        var time = new FakeTimeProvider(Messaging.Start);
        using (var first = new Messaging.Fixture(time, store: store))
        {
            first.Customer("a", "ann/Sms");
            first.Customer("b", "bob/Sms");
            first.Customer("c", "cid/Sms");
            first.Apply("c", E.Accept);
        }

        // As if an older definition had called Waiting "Queued".
        Rewrite(store, s => s.Status == "Waiting" ? s with { Status = "Queued" } : s);

        var broken = new Messaging.Fixture(time, store: store, open: false);
        SessionStoreException error = Assert.Throws<SessionStoreException>(() => broken.Host.Open());
        Assert.Contains("2 sessions of EnhancedCustomerInitiated in status 'Queued', which its definition does not have (its states: Waiting, Consent, Active, Inactive, Error, Ended)", error.Message);
        Assert.Contains("RenameStatus", error.Message);
        Assert.Throws<InvalidOperationException>(() => broken.Host.Apply("a", E.Accept));

        using var migrated = new Messaging.Fixture(time, store: store, migration: new StoreMigration().RenameStatus("EnhancedCustomerInitiated", "Queued", "Waiting"));
        Assert.Equal(S.Waiting, migrated.Status("a"));
        Assert.Equal(S.Active, migrated.Status("c"));
        Assert.All(store.ReadSessions(), s => Assert.NotEqual("Queued", s.Status)); // written back under the new name
    }

    [Fact]
    public void A_store_holding_an_unknown_lifecycle_timer_or_option_says_which_and_how_many()
    {
        var store = new InMemorySessionStore();
        var time = new FakeTimeProvider(Messaging.Start);
        using (var first = new Messaging.Fixture(time, store: store))
        {
            first.Customer("a", "ann/Sms");
            first.Apply("a", E.Accept, E.RepMessage);
            first.Customer("b", "bob/Sms");
            first.Customer("c", "cid/Sms");
        }

        Rewrite(store, s => s.Key.Text switch
        {
            "a" => s with { Countdown0 = s.Countdown0 with { Timer = "ReplyCountdown" } },
            "b" => s with { Lifecycle = "Ticket" },
            _ => s with { Options = "capacityModel=TabBased; tone=friendly" },
        });

        var f = new Messaging.Fixture(time, store: store, open: false);
        string message = Assert.Throws<SessionStoreException>(() => f.Host.Open()).Message;

        Assert.Contains("1 session of EnhancedCustomerInitiated with a running countdown 'ReplyCountdown', which its definition does not declare (its countdowns: CustomerInactivityCountdown, BotTimeout)", message);
        Assert.Contains("1 session of lifecycle 'Ticket', which is not registered", message);
        Assert.Contains("1 session of EnhancedCustomerInitiated with options 'capacityModel=TabBased; tone=friendly' it cannot read: 'tone' is not an option of EnhancedCustomerInitiated", message);

        using var renamed = new Messaging.Fixture(time, store: store, migration: new StoreMigration()
            .RenameTimer("EnhancedCustomerInitiated", "ReplyCountdown", "CustomerInactivityCountdown")
            .RenameLifecycle("Ticket", "EnhancedCustomerInitiated")
            .RenameOption("EnhancedCustomerInitiated", "tone", "inactivityTimeout"), open: false);
        Assert.Contains("cannot read: Option 'inactivityTimeout' cannot be 'friendly'", Assert.Throws<SessionStoreException>(() => renamed.Host.Open()).Message);
    }

    [Fact]
    public async Task A_subscriber_gets_every_change_in_order_and_one_that_throws_is_retried_without_harm()
    {
        await using var f = new Messaging.Fixture();
        var seen = new List<long>();
        int failures = 0;
        var done = new TaskCompletionSource();
        await using FeedSubscription<string, string, S, E> subscription = f.Host.Subscribe(
            "audit",
            (change, _) =>
            {
                if (change.Position == 3 && failures++ < 2)
                {
                    throw new InvalidOperationException("the audit log is down");
                }

                seen.Add(change.Position);
                if (change.Position == 6)
                {
                    done.TrySetResult();
                }

                return ValueTask.CompletedTask;
            },
            new FeedSubscriptionOptions { RetryDelay = TimeSpan.FromMilliseconds(1) });

        f.Customer("a", "ann/Sms");
        f.Apply("a", E.Accept, E.RepMessage, E.EndChat);
        f.Customer("b", "bob/Sms");
        f.Apply("b", E.OptOut);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1L, 2, 3, 4, 5, 6], seen);
        Assert.Equal(3, failures);
        Assert.IsType<InvalidOperationException>(subscription.LastError);
        await WaitUntil(() => f.Host.ReadAcknowledged("audit") == 6);
        Assert.Equal(S.Ended, f.Status("a")); // the host went on regardless
    }

    [Fact]
    public async Task A_subscriber_that_stops_resumes_after_its_last_acknowledged_position_on_a_new_host()
    {
        var store = new InMemorySessionStore();
        var time = new FakeTimeProvider(Messaging.Start);
        var seen = new List<long>();
        await using (var f = new Messaging.Fixture(time, store: store))
        {
            f.Customer("a", "ann/Sms");
            f.Apply("a", E.Accept);
            var subscription = f.Host.Subscribe("mirror", (c, _) => { seen.Add(c.Position); return ValueTask.CompletedTask; });
            await WaitUntil(() => subscription.Acknowledged == 2);
            await subscription.DisposeAsync();
            f.Apply("a", E.RepMessage, E.EndChat);
        }

        await using var again = new Messaging.Fixture(time, store: store);
        var rest = new TaskCompletionSource();
        await using var resumed = again.Host.Subscribe("mirror", (c, _) =>
        {
            seen.Add(c.Position);
            if (c.Position == 4)
            {
                rest.TrySetResult();
            }

            return ValueTask.CompletedTask;
        });
        await rest.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1L, 2, 3, 4], seen);
    }

    [Fact]
    public async Task A_subscriber_that_deletes_sessions_while_timers_fire_leaves_every_count_right()
    {
        await using var f = new Messaging.Fixture();
        int deleted = 0;
        await using FeedSubscription<string, string, S, E> cleaner = f.Host.Subscribe("cleaner", (change, _) =>
        {
            // An ended session is deleted as soon as the feed says so, from the subscription's own thread.
            if (change.To == S.Ended && f.Host.Delete(change.Key).Outcome == HostOutcome.Deleted)
            {
                Interlocked.Increment(ref deleted);
            }

            return ValueTask.CompletedTask;
        });

        for (int i = 0; i < 200; i++)
        {
            f.Customer($"s{i}", $"user{i % 7}/Sms");
            f.Apply($"s{i}", E.Accept, E.RepMessage);
            if (i % 3 == 0)
            {
                f.Apply($"s{i}", E.MarkInactive);
            }

            f.Advance(TimeSpan.FromMinutes(3)); // inactivity countdowns and expiries fire while the cleaner deletes
        }

        f.Advance(TimeSpan.FromDays(2));
        await WaitUntil(() => cleaner.Handled == f.Host.LastPosition);

        Assert.Equal(200, deleted);
        Assert.Equal(0, f.Host.Count);
        Assert.Equal(0, f.Host.PendingDeadlines);
        Assert.Equal(0, f.Host.PartitionCount);
        Assert.Null(f.Host.CheckConsistency());
        Assert.Equal(200, f.Feed.Count(c => c.Kind == SessionChangeKind.Deleted));
    }

    [Fact]
    public void A_host_without_a_store_has_no_feed_and_says_how_to_get_one()
    {
        using var f = new Messaging.Fixture(memoryOnly: true);
        f.Customer("a", "ann/Sms");

        Assert.Equal(0, f.Host.Apply("a", E.Accept).Position);
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => f.Host.ReadChanges(0));
        Assert.Contains("InMemorySessionStore", error.Message);
    }

    [Fact]
    public void Checkpoints_are_committed_in_order_with_the_changes()
    {
        var store = new InMemorySessionStore();
        using (var f = new Messaging.Fixture(store: store))
        {
            f.Customer("a", "ann/Sms");
            f.Host.SetCheckpoint("input", "offset=17");
            Assert.Equal("offset=17", f.Host.ReadCheckpoint("input"));
        }

        using var again = new Messaging.Fixture(store: store);
        Assert.Equal("offset=17", again.Host.ReadCheckpoint("input"));
        Assert.Null(again.Host.ReadCheckpoint("other"));
    }

    private static void Rewrite(InMemorySessionStore store, Func<StoredSession, StoredSession> change)
    {
        var batch = new StoreBatch();
        foreach (StoredSession session in store.ReadSessions())
        {
            batch.Sessions.Add(new SessionWrite(change(session), Delete: false));
        }

        store.Commit(batch);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}

/// <summary>Atomically: several calls and checkpoints committed together, or not at all.</summary>
public class AtomicUnitTests
{
    [Theory]
    [InlineData(Durability.PerCall)]
    [InlineData(Durability.GroupCommit)]
    public async Task Calls_and_a_checkpoint_in_one_unit_are_committed_in_one_batch(Durability durability)
    {
        var store = new InMemorySessionStore();
        await using var f = new Messaging.Fixture(store: store, durability: durability);
        int before = store.Commits;

        long position = f.Host.Atomically(h =>
        {
            h.Start("a", "ann/Sms", f.EnhancedCustomer, Messaging.TenMinutes).OrThrow();
            h.Apply("a", E.Accept).OrThrow();
            h.SetCheckpoint("queue", "offset=2");
            return h.LastPosition;
        });
        await f.Host.WhenDurableAsync(position);

        Assert.Equal(2, position);
        Assert.Equal(before + 1, store.Commits);
        Assert.Equal("offset=2", store.ReadCheckpoint("queue"));
        Assert.Equal(2, store.ReadChanges(0, 10).Count);
    }

    [Fact]
    public async Task A_rep_ends_several_sessions_from_the_list_view_in_one_unit_whatever_their_status()
    {
        // service.livemessage_agent_end_session.htm: "close one or more messaging sessions" from the list view.
        var store = new InMemorySessionStore();
        await using var f = new Messaging.Fixture(store: store);
        f.Customer("waiting", "ann/Sms");
        f.Customer("active", "bob/Sms");
        f.Apply("active", E.Accept);
        f.Customer("inactive", "cid/Sms");
        f.Apply("inactive", E.Accept, E.MarkInactive);
        HostResult<string, S, E> consent = f.Host.Start("consent", "dee/Sms", f.EnhancedCustomer, Messaging.TenMinutes, S.Consent);
        Assert.Equal(HostOutcome.Started, consent.Outcome);
        f.Rep("outbound", "eve/WhatsApp");
        int before = store.Commits;

        string[] selected = ["waiting", "active", "inactive", "consent", "outbound"];
        long position = f.Host.Atomically(h =>
        {
            foreach (string key in selected)
            {
                h.Apply(key, E.EndSession).OrThrow();
            }

            return h.LastPosition;
        });
        await f.Host.WhenDurableAsync(position);

        Assert.All(selected, key => Assert.Equal(S.Ended, f.Status(key)));
        Assert.Equal(before + 1, store.Commits);
        Assert.Equal(0, f.Host.PendingDeadlines);
    }

    [Theory]
    [InlineData(Durability.PerCall)]
    [InlineData(Durability.GroupCommit)]
    public async Task A_unit_that_throws_is_undone_in_memory_and_never_reaches_the_store(Durability durability)
    {
        var store = new InMemorySessionStore();
        await using var f = new Messaging.Fixture(store: store, durability: durability);
        f.Customer("a", "ann/Sms");
        f.Host.SetCheckpoint("queue", "offset=1");

        Assert.Throws<InvalidOperationException>(() => f.Host.Atomically(h =>
        {
            h.Apply("a", E.Accept).OrThrow();
            h.Start("b", "bob/Sms", f.EnhancedCustomer).OrThrow();
            h.SetCheckpoint("queue", "offset=3");
            h.Apply("a", E.EndChat).OrThrow();
            h.Delete("a").OrThrow();
            throw new InvalidOperationException("the consumer failed");
        }));

        Assert.Equal(S.Waiting, f.Status("a"));
        Assert.False(f.Host.TryGet("b", out _));
        Assert.Equal(1, f.Host.LastPosition);
        Assert.Null(f.Host.CheckConsistency());
        Assert.Equal(2, f.Host.Apply("a", E.Accept).Position); // the undone positions are taken again: no gap
        await f.Host.WhenDurableAsync(2);
        Assert.Equal("offset=1", store.ReadCheckpoint("queue"));
        Assert.Equal([1L, 2], store.ReadChanges(0, 10).Select(c => c.Position));
    }

    [Fact]
    public void A_unit_whose_commit_fails_keeps_nothing()
    {
        var store = new FailingStore(new InMemorySessionStore());
        using var f = new Messaging.Fixture(store: store);
        f.Customer("a", "ann/Sms");
        store.Failing = true;

        Assert.Throws<SessionStoreException>(() => f.Host.Atomically(h =>
        {
            h.Apply("a", E.Accept).OrThrow();
            h.SetCheckpoint("queue", "offset=2");
        }));

        store.Failing = false;
        Assert.Equal(S.Waiting, f.Status("a"));
        Assert.Null(f.Host.ReadCheckpoint("queue"));
        Assert.Null(f.Host.CheckConsistency());
    }
}
