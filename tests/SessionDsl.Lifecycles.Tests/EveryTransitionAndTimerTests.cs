using SessionDsl.Messaging;
using Xunit;
using S = SessionDsl.Messaging.MessagingSessionStatus;
using E = SessionDsl.Messaging.MessagingSessionEvent;

namespace SessionDsl.Lifecycles.Tests;

/// <summary>
/// Drives each generated lifecycle through every transition and every timer its description declares, under every
/// combination of option values that matters, so a definition change that the code stops honouring fails here.
/// </summary>
public class EveryTransitionAndTimerTests
{
    private static readonly TimeSpan?[] Timeouts = { null, TimeSpan.FromMinutes(10) };

    private static IEnumerable<EnhancedCustomerInitiated.Options> EciOptions() =>
        from c in Enum.GetValues<CapacityModel>()
        from t in Timeouts
        from ch in Enum.GetValues<MessagingChannel>()
        select new EnhancedCustomerInitiated.Options { CapacityModel = c, InactivityTimeout = t, Channel = ch };

    private static IEnumerable<EnhancedBusinessInitiated.Options> EbiOptions() =>
        from c in Enum.GetValues<CapacityModel>()
        from k in new[] { false, true }
        from ch in Enum.GetValues<MessagingChannel>()
        select new EnhancedBusinessInitiated.Options { CapacityModel = c, KeepOpen = k, Channel = ch };

    private static IEnumerable<StandardCustomerInitiated.Options> SciOptions() =>
        Enum.GetValues<CapacityModel>().Select(c => new StandardCustomerInitiated.Options { CapacityModel = c });

    private static IEnumerable<StandardBusinessInitiated.Options> SbiOptions() =>
        Enum.GetValues<CapacityModel>().Select(c => new StandardBusinessInitiated.Options { CapacityModel = c });

    [Fact]
    public void Every_transition_of_every_lifecycle_is_taken_under_some_options()
    {
        EveryTransition<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(EciOptions());
        EveryTransition<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>(EbiOptions());
        EveryTransition<StandardCustomerInitiated, StandardCustomerInitiated.Options>(SciOptions());
        EveryTransition<StandardBusinessInitiated, StandardBusinessInitiated.Options>(SbiOptions());
    }

    [Fact]
    public void Every_timer_of_every_lifecycle_fires_at_its_deadline_and_not_a_tick_before()
    {
        EveryTimer<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(EciOptions());
        EveryTimer<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>(EbiOptions());
        EveryTimer<StandardCustomerInitiated, StandardCustomerInitiated.Options>(SciOptions());
        EveryTimer<StandardBusinessInitiated, StandardBusinessInitiated.Options>(SbiOptions());
    }

    [Fact]
    public void No_event_leads_anywhere_that_the_description_does_not_declare()
    {
        NothingUndeclared<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(EciOptions());
        NothingUndeclared<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>(EbiOptions());
        NothingUndeclared<StandardCustomerInitiated, StandardCustomerInitiated.Options>(SciOptions());
        NothingUndeclared<StandardBusinessInitiated, StandardBusinessInitiated.Options>(SbiOptions());
    }

    [Fact]
    public void Each_lifecycle_describes_itself_as_data()
    {
        var eci = EnhancedCustomerInitiated.Description;
        Assert.Equal("EnhancedCustomerInitiated", eci.Name);
        Assert.Equal("enhanced", eci.Platform);
        Assert.Equal("enhanced-customer-initiated.lifecycle.yaml", eci.SourcePath);
        Assert.Equal(new[] { S.Waiting, S.Consent, S.Active, S.Inactive, S.Error, S.Ended }, eci.States.Select(s => s.Status));
        Assert.Equal(new[] { S.Waiting, S.Consent }, eci.States.Where(s => s.IsInitial).Select(s => s.Status));
        Assert.Equal(new[] { S.Error, S.Ended }, eci.States.Where(s => s.IsFinal).Select(s => s.Status));
        Assert.All(eci.Transitions, t => Assert.False(string.IsNullOrWhiteSpace(t.Because)));
        Assert.All(eci.Timers, t => Assert.False(string.IsNullOrWhiteSpace(t.Because)));
        var expiry = Assert.Single(eci.Timers, t => t.Name == "InactiveSessionExpiry");
        Assert.Equal("inactiveExpiry", expiry.After);
        Assert.Null(expiry.Duration);
        Assert.Equal(TimerKind.InState, expiry.Kind);
        var expiryOption = Assert.Single(eci.Options, o => o.Name == "inactiveExpiry");
        Assert.Equal(TimeSpan.FromHours(24), expiryOption.Minimum);
        Assert.Equal(TimeSpan.FromHours(30), expiryOption.Maximum);
        var countdown = Assert.Single(eci.Timers, t => t.Name == "CustomerInactivityCountdown");
        Assert.Equal(TimerKind.Countdown, countdown.Kind);
        Assert.Equal("inactivityTimeout", countdown.After);
        Assert.Equal(new[] { E.RepMessage }, countdown.StartOn);
        Assert.Equal(new[] { E.CustomerMessage }, countdown.CancelOn);
        Assert.False(countdown.Restart);
        Assert.True(Assert.Single(eci.Timers, t => t.Name == "BotTimeout").Restart);
        var timeout = Assert.Single(eci.Options, o => o.Name == "inactivityTimeout");
        Assert.Equal(TimeSpan.FromMinutes(5), timeout.Minimum);
        Assert.Equal(TimeSpan.FromMinutes(30), timeout.Maximum);
        Assert.StartsWith("stateDiagram-v2\n", eci.Mermaid);

        Assert.Equal(24, StandardBusinessInitiated.Description.Timers.Single().Duration!.Value.TotalHours);
        Assert.Equal(48, EnhancedBusinessInitiated.Description.Timers.Single(t => t.Name == "CustomerReplyCountdown").Duration!.Value.TotalHours);
    }

    private static void EveryTransition<TL, TO>(IEnumerable<TO> optionSets)
        where TL : ILifecycle<S, E, TO>
        where TO : struct
    {
        var options = optionSets.ToList();
        foreach (var transition in TL.Description.Transitions)
        {
            foreach (S from in transition.From)
            {
                bool taken = options.Any(o =>
                {
                    var result = TL.Fire(from, transition.Event, o);
                    return result.IsApplied && result.TransitionIndex == transition.Index && result.To.Equals(transition.To);
                });
                Assert.True(taken, $"{TL.Description.Name}: transition #{transition.Index} {from} --{transition.Event}--> {transition.To} is never taken");
            }
        }
    }

    private static void NothingUndeclared<TL, TO>(IEnumerable<TO> optionSets)
        where TL : ILifecycle<S, E, TO>
        where TO : struct
    {
        foreach (TO options in optionSets)
        {
            foreach (S from in Enum.GetValues<S>())
            {
                foreach (E @event in Enum.GetValues<E>())
                {
                    var result = TL.Fire(from, @event, options);
                    if (!result.IsApplied)
                    {
                        Assert.Equal(from, result.To);
                        continue;
                    }

                    var declared = TL.Description.Transitions[result.TransitionIndex];
                    Assert.Contains(from, declared.From);
                    Assert.Equal(declared.Event, @event);
                    Assert.Equal(declared.To, result.To);
                    Assert.False(TL.IsFinal(from), $"{TL.Description.Name}: {from} is final but {@event} leaves it");
                }
            }
        }
    }

    private static void EveryTimer<TL, TO>(IEnumerable<TO> optionSets)
        where TL : ILifecycle<S, E, TO>
        where TO : struct
    {
        var options = optionSets.ToList();
        foreach (var timer in TL.Description.Timers)
        {
            bool fired = false;
            foreach (S state in timer.States)
            {
                foreach (TO o in options)
                {
                    var session = new SessionState<S>(state, Clock.Morning);
                    if (timer.Kind == TimerKind.Countdown)
                    {
#pragma warning disable SDSL1006 // the test sets up every state and countdown directly, as only generated code should
                        session.StartCountdown(timer.CountdownSlot, Clock.Morning.UtcTicks);
#pragma warning restore SDSL1006
                    }

                    DateTimeOffset? deadline = TL.NextDeadline(session, o);
                    if (deadline is null)
                    {
                        continue;
                    }

                    var early = session;
                    var log = new TimerLog();
                    Assert.Equal(0, TL.Advance(ref early, deadline.Value.AddTicks(-1), o, ref log));

                    Assert.Equal(1, TL.Advance(ref session, deadline.Value, o, ref log));
                    if (log.Fired[0].Timer != timer.Index)
                    {
                        continue;
                    }

                    Assert.Equal(timer.To, session.Status);
                    Assert.Equal(deadline.Value, session.EnteredAt);
                    if (timer.Duration is { } literal)
                    {
                        Assert.Equal(Clock.Morning + literal, deadline.Value);
                    }

                    fired = true;
                }
            }

            Assert.True(fired, $"{TL.Description.Name}: timer {timer.Name} never fires");
        }
    }
}
