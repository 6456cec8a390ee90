using Microsoft.Extensions.Time.Testing;
using SessionDsl.Hosting;
using SessionDsl.Messaging;
using Xunit;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Host.Tests;

public class SessionHostTests
{
    [Fact]
    public void Events_are_applied_through_the_generated_lifecycle_and_published()
    {
        using var f = new Messaging.Fixture();
        SessionId id = f.StartCustomer(user: 1);
        HostResult<S, E> result = f.Host.Apply(id, E.Accept);

        Assert.Equal(HostOutcome.Applied, result.Outcome);
        Assert.Equal(S.Active, result.Transition.To);
        Assert.Equal(S.Active, f.Status(id));
        Assert.Equal([SessionChangeKind.Started, SessionChangeKind.Transition], f.Changes.All.Select(c => c.Kind));
        Assert.Equal((S.Waiting, S.Active, E.Accept, 1L), (f.Changes.All[1].From, f.Changes.All[1].To, f.Changes.All[1].Event, f.Changes.All[1].UserId));
    }

    [Fact]
    public void An_event_the_lifecycle_refuses_is_a_result_and_changes_nothing()
    {
        using var f = new Messaging.Fixture();
        SessionId id = f.StartCustomer(user: 1);
        HostResult<S, E> result = f.Host.Apply(id, E.EndChat);

        Assert.Equal(HostOutcome.EventRefused, result.Outcome);
        Assert.Equal(TransitionOutcome.NotPermitted, result.Transition.Outcome);
        Assert.Equal(S.Waiting, f.Status(id));
        Assert.Contains("refused", result.Message);
    }

    [Fact]
    public void The_inactivity_countdown_fires_at_its_deadline_and_the_cascade_ends_the_session_thirty_hours_later()
    {
        using var f = new Messaging.Fixture();
        SessionId id = f.StartCustomer(user: 1, options: 0); // 10 min inactivity
        f.Apply(id, E.Accept, E.RepMessage);

        f.Fake.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.Equal(0, f.Host.Advance());
        Assert.Equal(S.Active, f.Status(id));

        f.Fake.Advance(TimeSpan.FromDays(3));
        Assert.Equal(2, f.Host.Advance());
        Assert.Equal(S.Ended, f.Status(id));
        Assert.Equal(
            [(S.Active, S.Inactive, Messaging.Start.AddMinutes(10)), (S.Inactive, S.Ended, Messaging.Start.AddMinutes(10).AddHours(30))],
            f.Changes.Timers.Select(c => (c.From, c.To, c.At)));
        Assert.Equal(0, f.Host.PendingDeadlines);
    }

    [Fact]
    public void A_jump_of_days_fires_every_due_timer_of_every_session_once_in_deadline_order()
    {
        using var f = new Messaging.Fixture();
        var sessions = new List<SessionId>();
        for (int i = 0; i < 50; i++)
        {
            f.Fake.Advance(TimeSpan.FromSeconds(37));
            SessionId id = f.StartCustomer(user: i, options: i % 4);
            f.Apply(id, E.Accept, E.RepMessage);
            if (i % 5 == 0)
            {
                f.Apply(id, E.MarkInactive);
            }

            sessions.Add(id);
        }

        f.Fake.Advance(TimeSpan.FromDays(5));
        f.Host.Advance();

        List<SessionChange<S, E>> timers = [.. f.Changes.Timers];
        Assert.Equal(timers.OrderBy(t => t.AtTicks).Select(t => t.AtTicks), timers.Select(t => t.AtTicks));
        Assert.Equal(timers.Count, timers.Select(t => (t.Session, t.Index)).Distinct().Count());
        foreach (SessionId id in sessions)
        {
            // Options 2 has no inactivity timeout and 1 is status-based (no automatic Inactive): those stay Active unless marked.
            int options = f.Host.Get(id).OptionsIndex;
            bool marked = id.Slot % 5 == 0;
            Assert.Equal(marked || options is 0 or 3 ? S.Ended : S.Active, f.Status(id));
        }

        Assert.Equal(0, f.Host.Advance());
    }

    [Fact]
    public void Time_standing_still_fires_nothing_more()
    {
        using var f = new Messaging.Fixture();
        SessionId id = f.StartCustomer(user: 1);
        f.Apply(id, E.Accept, E.RepMessage);
        f.Fake.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, f.Host.Advance());
        Assert.Equal(0, f.Host.Advance());
        Assert.Equal(0, f.Host.Advance());
        Assert.Single(f.Changes.Timers);
    }

    [Fact]
    public void Time_going_backwards_fires_nothing_early_and_loses_nothing()
    {
        var clock = new Messaging.ManualClock(Messaging.Start);
        using var f = new Messaging.Fixture(clock);
        SessionId id = f.StartCustomer(user: 1);
        f.Apply(id, E.Accept, E.RepMessage); // due at +10 min

        clock.Now = Messaging.Start.AddMinutes(9);
        Assert.Equal(0, f.Host.Advance());
        clock.Now = Messaging.Start.AddHours(-2);
        Assert.Equal(0, f.Host.Advance());
        Assert.Equal(S.Active, f.Status(id));

        // A session started while the clock is behind keeps its own deadline.
        SessionId other = f.StartCustomer(user: 2);
        f.Apply(other, E.Accept, E.RepMessage); // due at -2 h + 10 min
        clock.Now = Messaging.Start.AddHours(-2).AddMinutes(9);
        Assert.Equal(0, f.Host.Advance());
        clock.Now = Messaging.Start.AddMinutes(10);
        Assert.Equal(2, f.Host.Advance());
        Assert.Equal([other, id], f.Changes.Timers.Select(c => c.Session));
        Assert.Equal(S.Inactive, f.Status(id));
        Assert.Equal(S.Inactive, f.Status(other));
    }

    [Fact]
    public void Restarting_a_countdown_moves_its_deadline_and_the_old_one_never_fires()
    {
        using var f = new Messaging.Fixture();
        SessionId id = f.StartCustomer(user: 1);
        f.Apply(id, E.Accept, E.RepMessage);
        for (int i = 0; i < 5; i++)
        {
            f.Fake.Advance(TimeSpan.FromMinutes(9));
            f.Apply(id, E.RepMessage);
            f.Host.Advance();
        }

        Assert.Equal(S.Active, f.Status(id));
        Assert.Equal(Messaging.Start.AddMinutes(55), f.Host.Get(id).NextDeadline);
        f.Fake.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, f.Host.Advance());
        Assert.Single(f.Changes.Timers);
    }

    [Fact]
    public void The_clock_timer_advances_the_host_every_tick()
    {
        var fake = new FakeTimeProvider(Messaging.Start);
        using var f = new Messaging.Fixture(fake, tick: TimeSpan.FromSeconds(10));
        f.Host.StartClock();
        SessionId id = f.StartCustomer(user: 1);
        f.Apply(id, E.Accept, E.RepMessage);

        fake.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(S.Inactive, f.Status(id));
        Assert.Equal(Messaging.Start.AddMinutes(10), f.Changes.Timers.Single().At);
    }

    [Fact]
    public void An_observer_that_throws_loses_no_timer_and_corrupts_no_session()
    {
        var fake = new FakeTimeProvider(Messaging.Start);
        var observer = new ThrowOnce();
        var host = new SessionHost<S, E, MessagingChannel>(fake, Messaging.Rules, observer);
        LifecycleKey key = host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(Messaging.EnhancedCustomerOptions);
        SessionId a = host.Start(1, MessagingChannel.Sms, key, 0, SessionInitiator.Customer).Session;
        SessionId b = host.Start(2, MessagingChannel.Sms, key, 0, SessionInitiator.Customer).Session;
        foreach (SessionId id in new[] { a, b })
        {
            host.Apply(id, E.Accept);
            host.Apply(id, E.RepMessage);
        }

        fake.Advance(TimeSpan.FromDays(2));
        observer.Armed = true;
        Assert.Throws<InvalidOperationException>(() => host.Advance());
        host.Advance();

        Assert.Equal(S.Ended, host.Get(a).Status);
        Assert.Equal(S.Ended, host.Get(b).Status);
        Assert.Equal(0, host.PendingDeadlines);
        Assert.Equal(3, observer.Timers); // the one that threw was applied, then the other three fired
    }

    private sealed class ThrowOnce : ISessionHostObserver<S, E>
    {
        public bool Armed { get; set; }

        public int Timers { get; private set; }

        public void OnChange(in SessionChange<S, E> change)
        {
            if (change.Kind != SessionChangeKind.TimerFired)
            {
                return;
            }

            if (Armed)
            {
                Armed = false;
                throw new InvalidOperationException("observer failed");
            }

            Timers++;
        }
    }

    [Fact]
    public void Disposing_the_host_stops_its_clock_and_keeps_sessions_readable()
    {
        var fake = new FakeTimeProvider(Messaging.Start);
        var f = new Messaging.Fixture(fake);
        f.Host.StartClock();
        SessionId id = f.StartCustomer(user: 1);
        f.Apply(id, E.Accept, E.RepMessage);
        f.Host.Dispose();

        fake.Advance(TimeSpan.FromHours(1));
        Assert.Equal(S.Active, f.Status(id));
        Assert.Empty(f.Changes.Timers);
        Assert.Throws<ObjectDisposedException>(() => f.Host.StartClock());
    }

    [Fact]
    public void A_rep_cannot_start_a_session_while_the_users_previous_session_is_open()
    {
        using var f = new Messaging.Fixture();
        SessionId first = f.StartCustomer(user: 7);
        HostResult<S, E> refused = f.Host.Start(7, MessagingChannel.WhatsApp, f.EnhancedBusiness, 0, SessionInitiator.Rep);

        Assert.Equal(HostOutcome.PreviousSessionStillOpen, refused.Outcome);
        Assert.Equal(first, refused.Related);
        Assert.Contains("previous session must be closed", refused.Message);
        Assert.Equal(1, f.Host.Count);

        f.Apply(first, E.Accept, E.EndChat);
        Assert.Equal(HostOutcome.Started, f.Host.Start(7, MessagingChannel.WhatsApp, f.EnhancedBusiness, 0, SessionInitiator.Rep).Outcome);
    }

    [Fact]
    public void A_rep_can_start_a_session_after_the_previous_one_ended_in_error_or_by_a_timer()
    {
        using var f = new Messaging.Fixture();
        SessionId first = f.StartRep(user: 7);
        f.Apply(first, E.RecordFailure);
        SessionId second = f.StartRep(user: 7);
        f.Apply(second, E.OpeningMessage); // the customer never replies: Ended after 48 h

        f.Fake.Advance(TimeSpan.FromHours(48));
        f.Host.Advance();
        Assert.Equal(S.Ended, f.Status(second));
        Assert.True(f.Host.Start(7, MessagingChannel.WhatsApp, f.EnhancedBusiness, 0, SessionInitiator.Rep).Succeeded);
    }

    [Fact]
    public void Reps_cannot_start_sessions_in_enhanced_web_chat_but_customers_can()
    {
        using var f = new Messaging.Fixture();
        HostResult<S, E> refused = f.Host.Start(1, MessagingChannel.WebChat, f.EnhancedBusiness, 0, SessionInitiator.Rep);

        Assert.Equal(HostOutcome.RepCannotInitiateInChannel, refused.Outcome);
        Assert.Contains("no rep-initiated sessions in this channel", refused.Message);
        Assert.True(f.Host.Start(1, MessagingChannel.WebChat, f.EnhancedCustomer, 0, SessionInitiator.Customer).Succeeded);
        Assert.True(f.Host.Start(2, MessagingChannel.WebChat, f.EnhancedBusiness, 0, SessionInitiator.Automation).Succeeded);
    }

    [Fact]
    public void Only_ended_or_error_sessions_can_be_deleted_and_a_deleted_session_refuses_events()
    {
        using var f = new Messaging.Fixture();
        SessionId id = f.StartCustomer(user: 1);
        HostResult<S, E> refused = f.Host.Delete(id);
        Assert.Equal(HostOutcome.OnlyClosedSessionsCanBeDeleted, refused.Outcome);
        Assert.Contains("only closed sessions can be deleted", refused.Message);

        f.Apply(id, E.OptOut);
        Assert.Equal(HostOutcome.Deleted, f.Host.Delete(id).Outcome);
        Assert.Equal(HostOutcome.SessionDeleted, f.Host.Apply(id, E.CustomerMessage).Outcome);
        Assert.Equal(HostOutcome.SessionDeleted, f.Host.Delete(id).Outcome);
        Assert.Equal(0, f.Host.Count);

        // The slot is reused; the old id still addresses nothing.
        SessionId next = f.StartCustomer(user: 2);
        Assert.Equal(id.Slot, next.Slot);
        Assert.Equal(HostOutcome.SessionDeleted, f.Host.Apply(id, E.Accept).Outcome);
        Assert.Equal(S.Waiting, f.Status(next));
    }

    [Fact]
    public void The_same_failure_cause_again_updates_the_previous_failed_session_instead_of_keeping_a_new_one()
    {
        using var f = new Messaging.Fixture();
        SessionId first = f.StartCustomer(user: 3);
        f.Host.Apply(first, E.RecordFailure, failureCause: 42).OrThrow();
        DateTimeOffset firstFailed = f.Host.Get(first).LastModified;

        f.Fake.Advance(TimeSpan.FromHours(1));
        SessionId second = f.StartCustomer(user: 3);
        HostResult<S, E> merged = f.Host.Apply(second, E.RecordFailure, failureCause: 42);

        Assert.Equal(HostOutcome.FailureMerged, merged.Outcome);
        Assert.Equal(first, merged.Related);
        Assert.Contains("same failure updates the previous failed session", merged.Message);
        Assert.Equal(firstFailed.AddHours(1), f.Host.Get(first).LastModified);
        Assert.Equal(HostOutcome.SessionDeleted, f.Host.Apply(second, E.Accept).Outcome);
        Assert.Equal(1, f.Host.Count);
        Assert.Equal(SessionChangeKind.FailureMerged, f.Changes.All[^1].Kind);

        // A different cause is a new failed session.
        SessionId third = f.StartCustomer(user: 3);
        Assert.Equal(HostOutcome.Applied, f.Host.Apply(third, E.RecordFailure, failureCause: 43).Outcome);
        Assert.Equal(S.Error, f.Status(third));
        Assert.Equal(2, f.Host.Count);
    }

    [Fact]
    public void Bad_calls_return_a_clear_result_and_leave_other_sessions_alone()
    {
        using var f = new Messaging.Fixture();
        SessionId good = f.StartCustomer(user: 1);
        f.Apply(good, E.Accept, E.RepMessage);

        Assert.Equal(HostOutcome.UnknownSession, f.Host.Apply(default, E.Accept).Outcome);
        Assert.Equal(HostOutcome.UnknownSession, f.Host.Apply(new SessionId(500, 1), E.Accept).Outcome);
        Assert.Equal(HostOutcome.UnknownSession, f.Host.Apply(new SessionId(good.Slot, good.Generation + 1), E.Accept).Outcome);
        Assert.Equal(HostOutcome.OptionsOutOfRange, f.Host.Start(2, MessagingChannel.Sms, f.EnhancedCustomer, 99, SessionInitiator.Customer).Outcome);
        Assert.Equal(HostOutcome.OptionsOutOfRange, f.Host.Start(2, MessagingChannel.Sms, f.EnhancedCustomer, -1, SessionInitiator.Customer).Outcome);
        Assert.Equal(HostOutcome.UnknownLifecycle, f.Host.Start(2, MessagingChannel.Sms, new LifecycleKey(9), 0, SessionInitiator.Customer).Outcome);
        Assert.Equal(HostOutcome.NotAnInitialStatus, f.Host.Start(2, MessagingChannel.Sms, f.EnhancedCustomer, 0, SessionInitiator.Customer, S.Ended).Outcome);
        Assert.Equal(HostOutcome.EventRefused, f.Host.Apply(good, (E)200).Outcome);

        Assert.Equal(1, f.Host.Count);
        Assert.Equal(S.Active, f.Status(good));
        Assert.Equal(Messaging.Start.AddMinutes(10), f.Host.Get(good).NextDeadline);
    }

    [Fact]
    public void A_caller_who_asks_for_exceptions_gets_one_that_names_the_rule()
    {
        using var f = new Messaging.Fixture();
        f.StartCustomer(user: 7);
        var ex = Assert.Throws<SessionHostException>(() => f.Host.Start(7, MessagingChannel.Sms, f.EnhancedBusiness, 0, SessionInitiator.Rep).OrThrow());
        Assert.Equal(HostOutcome.PreviousSessionStillOpen, ex.Outcome);
        Assert.Contains("previous session must be closed", ex.Message);

        var unknown = Assert.Throws<SessionHostException>(() => f.Host.Get(default));
        Assert.Equal(HostOutcome.UnknownSession, unknown.Outcome);
    }

    [Fact]
    public void Options_out_of_range_are_refused_at_registration_naming_the_option()
    {
        var host = new SessionHost<S, E, MessagingChannel>(new FakeTimeProvider(Messaging.Start), Messaging.Rules);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(
            [new() { InactivityTimeout = TimeSpan.FromMinutes(2) }],
            o => o.TryValidate(out string? e) ? null : e));
        Assert.Contains("inactivityTimeout", ex.Message);
        Assert.Throws<ArgumentException>(() => host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>([]));
    }

    [Fact]
    public void Applying_events_and_firing_timers_allocates_nothing_per_transition()
    {
        var fake = new FakeTimeProvider(Messaging.Start);
        var counter = new CountingObserver();
        var host = new SessionHost<S, E, MessagingChannel>(fake, Messaging.Rules, counter, capacity: 2048);
        LifecycleKey key = host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(Messaging.EnhancedCustomerOptions);
        var ids = new SessionId[1000];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = host.Start(i, MessagingChannel.Sms, key, 0, SessionInitiator.Customer).Session;
        }

        void Round()
        {
            foreach (SessionId id in ids)
            {
                host.Apply(id, E.Accept);
                host.Apply(id, E.RepMessage);
            }

            fake.Advance(TimeSpan.FromMinutes(10));
            host.Advance();
            foreach (SessionId id in ids)
            {
                host.Apply(id, E.CustomerMessage); // Inactive -> Waiting (tab-based)
            }
        }

        // Warm up until the wheel's pool of bucket chunks covers the working set.
        for (int i = 0; i < 5; i++)
        {
            Round();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            Round();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(15 * 1000, counter.Timers);
    }

    private sealed class CountingObserver : ISessionHostObserver<S, E>
    {
        public int Timers { get; private set; }

        public void OnChange(in SessionChange<S, E> change)
        {
            if (change.Kind == SessionChangeKind.TimerFired)
            {
                Timers++;
            }
        }
    }
}
