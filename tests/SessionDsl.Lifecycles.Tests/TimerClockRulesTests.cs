using SessionDsl.Lifecycles.Tests.Reminders;
using Xunit;

namespace SessionDsl.Lifecycles.Tests;

/// <summary>
/// Two clock rules of docs/dsl.md the messaging definitions never meet. A timer that fires into the state the session is
/// in is a self-transition: the session keeps its entry
/// time, so the state's in-state timers keep counting from when the state was entered, not from the firing. And time
/// never runs backwards: a countdown that fell due before its state began fires at the entry time.
/// </summary>
public class TimerClockRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly Reminder.Options Options = Reminder.Options.Default;

    [Fact]
    public void A_countdown_firing_into_its_own_state_keeps_the_entry_time_and_the_in_state_timers_deadline()
    {
        var session = Reminder.Start(T0);
        Assert.Equal(TransitionOutcome.Applied, Reminder.Apply(ref session, ReminderEvent.Remind, T0.AddHours(2), Options).Outcome);
        Assert.Equal(T0.AddHours(3), Reminder.NextDeadline(session, Options));

        Assert.Equal(1, Reminder.Advance(ref session, T0.AddHours(3), Options));

        Assert.Equal(ReminderStatus.Open, session.Status);
        Assert.Equal(T0, session.EnteredAt);
        Assert.Equal(T0.AddDays(1), Reminder.NextDeadline(session, Options));
        Assert.Equal(1, Reminder.Advance(ref session, T0.AddDays(1), Options));
        Assert.Equal(ReminderStatus.Closed, session.Status);
    }

    [Fact]
    public void The_same_day_reaches_the_same_end_however_the_clock_is_advanced()
    {
        var stepwise = Reminder.Start(T0);
        var atOnce = Reminder.Start(T0);
        Reminder.Apply(ref stepwise, ReminderEvent.Remind, T0.AddHours(5), Options);
        Reminder.Apply(ref atOnce, ReminderEvent.Remind, T0.AddHours(5), Options);

        for (int hour = 6; hour <= 25; hour++)
        {
            Reminder.Advance(ref stepwise, T0.AddHours(hour), Options);
        }

        Assert.Equal(2, Reminder.Advance(ref atOnce, T0.AddHours(25), Options));
        Assert.Equal(atOnce, stepwise);
        Assert.Equal(ReminderStatus.Closed, atOnce.Status);
        Assert.Equal(T0.AddDays(1), atOnce.EnteredAt);
    }

    [Fact]
    public void A_countdown_that_fell_due_before_its_state_began_fires_at_the_entry_time_not_before()
    {
        // As a store might hand it back: Waiting since t0+2h, with Chase (slot 1) started at t0, so due at t0+1h.
#pragma warning disable SDSL1006 // Rebuilt as a store keeps it, not started: that is the case under test.
        var session = new SessionState<ReminderStatus>(ReminderStatus.Waiting, T0.AddHours(2), countdown0: null, countdown1: T0);
#pragma warning restore SDSL1006

        Assert.Equal(T0.AddHours(2), Reminder.NextDeadline(session, Options));
        Assert.Equal(0, Reminder.Advance(ref session, T0.AddMinutes(90), Options));
        Assert.Equal(1, Reminder.Advance(ref session, T0.AddHours(3), Options));

        Assert.Equal(ReminderStatus.Closed, session.Status);
        Assert.Equal(T0.AddHours(2), session.EnteredAt);
    }
}
