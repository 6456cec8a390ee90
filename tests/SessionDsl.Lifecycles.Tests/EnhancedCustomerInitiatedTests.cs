using SessionDsl.Messaging;
using Xunit;
using L = SessionDsl.Messaging.EnhancedCustomerInitiated;
using S = SessionDsl.Messaging.MessagingSessionStatus;
using E = SessionDsl.Messaging.MessagingSessionEvent;

namespace SessionDsl.Lifecycles.Tests;

public class EnhancedCustomerInitiatedTests
{
    private static readonly L.Options TabBased = new() { CapacityModel = CapacityModel.TabBased };
    private static readonly L.Options StatusBased = new() { CapacityModel = CapacityModel.StatusBased };
    private static readonly L.Options TabBasedWith10mTimeout = TabBased with { InactivityTimeout = TimeSpan.FromMinutes(10) };

    private static SessionState<S> ActiveSession(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, in L.Options options)
    {
        var session = L.Start(time);
        Assert.True(L.Apply(ref session, E.Accept, time, options).IsApplied);
        return session;
    }

    [Fact]
    public void A_customer_message_creates_a_waiting_session_and_a_rep_accepting_makes_it_active()
    {
        var time = Clock.Start();
        var session = L.Start(time);
        Assert.Equal(S.Waiting, session.Status);
        Assert.Equal(Clock.Morning, session.EnteredAt);

        time.Advance(TimeSpan.FromMinutes(3));
        var result = L.Apply(ref session, E.Accept, time, TabBased);

        Assert.Equal(TransitionOutcome.Applied, result.Outcome);
        Assert.Equal(S.Active, session.Status);
        Assert.Equal(Clock.Morning.AddMinutes(3), session.EnteredAt);
        Assert.Equal("Accept", L.Description.Transitions[result.TransitionIndex].Event.ToString());
    }

    [Fact]
    public void A_session_may_also_start_in_Consent_but_not_in_Active()
    {
        var session = L.Start(S.Consent, Clock.Morning);
        Assert.Equal(S.Consent, session.Status);

#pragma warning disable SDSL1007 // illegal on purpose: the test asserts that Start refuses it
        var error = Assert.Throws<ArgumentException>(() => L.Start(S.Active, Clock.Morning));
#pragma warning restore SDSL1007
        Assert.Contains("Waiting, Consent", error.Message);
    }

    [Fact]
    public void Inactive_session_ends_after_30_hours_and_not_at_29_hours_59_minutes()
    {
        var time = Clock.Start();
        var session = ActiveSession(time, TabBased);
        L.Apply(ref session, E.MarkInactive, time, TabBased);
        Assert.Equal(S.Inactive, session.Status);

        time.Advance(new TimeSpan(29, 59, 0));
        Assert.Equal(0, L.Advance(ref session, time, TabBased));
        Assert.Equal(S.Inactive, session.Status);
        Assert.Equal(Clock.Morning.AddHours(30), L.NextDeadline(session, TabBased));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, L.Advance(ref session, time, TabBased));
        Assert.Equal(S.Ended, session.Status);
        Assert.Equal(Clock.Morning.AddHours(30), session.EnteredAt);
        Assert.Null(L.NextDeadline(session, TabBased));
    }

    [Fact]
    public void After_Inactive_a_customer_message_goes_to_Waiting_under_tab_based_capacity()
    {
        var time = Clock.Start();
        var session = ActiveSession(time, TabBased);
        L.Apply(ref session, E.MarkInactive, time, TabBased);

        var result = L.Apply(ref session, E.CustomerMessage, time, TabBased);

        Assert.True(result.IsApplied);
        Assert.Equal(S.Waiting, session.Status);
    }

    [Fact]
    public void After_Inactive_a_customer_message_goes_back_to_Active_under_status_based_capacity()
    {
        var time = Clock.Start();
        var session = ActiveSession(time, StatusBased);
        L.Apply(ref session, E.MarkInactive, time, StatusBased);

        L.Apply(ref session, E.CustomerMessage, time, StatusBased);

        Assert.Equal(S.Active, session.Status);
    }

    [Fact]
    public void A_rep_going_offline_sends_an_active_session_to_Waiting_only_under_tab_based_capacity()
    {
        Assert.Equal(S.Waiting, L.Fire(S.Active, E.RepOffline, TabBased).To);

        // Under status-based capacity the rep still goes offline: the event is accepted and the status stays Active.
        var statusBased = L.Fire(S.Active, E.RepOffline, StatusBased);
        Assert.Equal(TransitionOutcome.Applied, statusBased.Outcome);
        Assert.Equal(S.Active, statusBased.To);

        var time = Clock.Start();
        var options = StatusBased with { InactivityTimeout = TimeSpan.FromMinutes(10) };
        var session = ActiveSession(time, options);
        DateTimeOffset entered = session.EnteredAt;
        time.Advance(TimeSpan.FromMinutes(3));
        L.Apply(ref session, E.RepOffline, time, options);
        Assert.Equal(S.Active, session.Status);
        Assert.Equal(entered, session.EnteredAt);
    }

    [Fact]
    public void Closing_the_tab_with_No_Customer_Response_marks_inactive_only_under_tab_based_capacity()
    {
        Assert.Equal(S.Inactive, L.Fire(S.Active, E.CloseNoCustomerResponse, TabBased).To);
        Assert.Equal(TransitionOutcome.GuardRejected, L.Fire(S.Active, E.CloseNoCustomerResponse, StatusBased).Outcome);
    }

    [Fact]
    public void The_inactivity_countdown_counts_from_the_reps_first_reply_to_the_customers_last_message()
    {
        // service.messaging_auto_end.htm, with a 5-minute limit: the customer writes, the rep replies ("Timer starts"),
        // the rep writes again; Inactive "5 minutes after" the first reply. Here with 10 minutes.
        var time = Clock.Start();
        var session = ActiveSession(time, TabBasedWith10mTimeout);
        L.Apply(ref session, E.RepMessage, time, TabBasedWith10mTimeout);
        Assert.Equal(Clock.Morning.AddMinutes(10), L.NextDeadline(session, TabBasedWith10mTimeout));

        time.Advance(TimeSpan.FromMinutes(9));
        L.Apply(ref session, E.RepMessage, time, TabBasedWith10mTimeout);
        Assert.Equal(Clock.Morning.AddMinutes(10), L.NextDeadline(session, TabBasedWith10mTimeout));

        time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(1));
        Assert.Equal(0, L.Advance(ref session, time, TabBasedWith10mTimeout));
        Assert.Equal(S.Active, session.Status);

        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, L.Advance(ref session, time, TabBasedWith10mTimeout));
        Assert.Equal(S.Inactive, session.Status);
        Assert.Equal(Clock.Morning.AddMinutes(10), session.EnteredAt);
    }

    [Fact]
    public void A_countdown_stopped_by_the_customer_starts_again_at_the_reps_next_first_reply()
    {
        var time = Clock.Start();
        var session = ActiveSession(time, TabBasedWith10mTimeout);
        L.Apply(ref session, E.RepMessage, time, TabBasedWith10mTimeout);
        time.Advance(TimeSpan.FromMinutes(4));
        L.Apply(ref session, E.CustomerMessage, time, TabBasedWith10mTimeout);
        Assert.Null(L.NextDeadline(session, TabBasedWith10mTimeout));

        time.Advance(TimeSpan.FromMinutes(2));
        L.Apply(ref session, E.RepMessage, time, TabBasedWith10mTimeout);
        Assert.Equal(Clock.Morning.AddMinutes(16), L.NextDeadline(session, TabBasedWith10mTimeout));
        time.Advance(TimeSpan.FromMinutes(3));
        L.Apply(ref session, E.RepMessage, time, TabBasedWith10mTimeout);
        Assert.Equal(Clock.Morning.AddMinutes(16), L.NextDeadline(session, TabBasedWith10mTimeout));
    }

    [Theory]
    [InlineData(MessagingChannel.WebChat, true)]
    [InlineData(MessagingChannel.InAppChat, true)]
    [InlineData(MessagingChannel.BringYourOwnChannel, true)]
    [InlineData(MessagingChannel.WhatsApp, false)]
    [InlineData(MessagingChannel.Sms, false)]
    [InlineData(MessagingChannel.FacebookMessenger, false)]
    [InlineData(MessagingChannel.AppleMessagesForBusiness, false)]
    [InlineData(MessagingChannel.Line, false)]
    public void Customer_inactivity_exists_only_in_Enhanced_Chat_and_Bring_Your_Own_Channel(MessagingChannel channel, bool counts)
    {
        // service.messaging_auto_end.htm: "In Enhanced Chat and Bring Your Own Channel ... This setting isn't available
        // in other channels."
        var options = TabBasedWith10mTimeout with { Channel = channel };
        var time = Clock.Start();
        var session = ActiveSession(time, options);
        L.Apply(ref session, E.RepMessage, time, options);
        time.Advance(TimeSpan.FromHours(1));
        L.Advance(ref session, time, options);
        Assert.Equal(counts ? S.Inactive : S.Active, session.Status);
    }

    [Fact]
    public void A_bots_reply_does_not_start_the_human_inactivity_countdown_but_the_bot_timeout_of_2_hours()
    {
        // service.messaging_auto_session_expiry_enhanced.htm: "The inactivity setting ... applies only to human service
        // reps"; "Bot Timeout: Defaulted to 2 hours".
        var time = Clock.Start();
        var session = ActiveSession(time, TabBasedWith10mTimeout);
        L.Apply(ref session, E.BotMessage, time, TabBasedWith10mTimeout);
        Assert.Equal(Clock.Morning.AddHours(2), L.NextDeadline(session, TabBasedWith10mTimeout));

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, L.Advance(ref session, time, TabBasedWith10mTimeout));
        Assert.Equal(S.Active, session.Status);

        time.Advance(TimeSpan.FromHours(1));
        var log = new TimerLog();
        Assert.Equal(1, L.Advance(ref session, time.GetUtcNow(), TabBasedWith10mTimeout, ref log));
        Assert.Equal("BotTimeout", L.Description.Timers[log.Fired[0].Timer].Name);
        Assert.Equal(S.Ended, session.Status);

        // The customer's answer stops the bot's timeout.
        session = ActiveSession(time, TabBasedWith10mTimeout with { BotTimeout = TimeSpan.FromMinutes(30) });
        L.Apply(ref session, E.BotMessage, time, TabBasedWith10mTimeout with { BotTimeout = TimeSpan.FromMinutes(30) });
        L.Apply(ref session, E.CustomerMessage, time, TabBasedWith10mTimeout with { BotTimeout = TimeSpan.FromMinutes(30) });
        Assert.Null(L.NextDeadline(session, TabBasedWith10mTimeout with { BotTimeout = TimeSpan.FromMinutes(30) }));
    }

    [Fact]
    public void Inactive_expiry_is_an_option_from_24_to_30_hours_and_30_by_default()
    {
        Assert.Equal(TimeSpan.FromHours(30), L.Options.Default.InactiveExpiry);
        var time = Clock.Start();
        var options = TabBased with { InactiveExpiry = TimeSpan.FromHours(24) };
        var session = ActiveSession(time, options);
        L.Apply(ref session, E.MarkInactive, time, options);
        Assert.Equal(Clock.Morning.AddHours(24), L.NextDeadline(session, options));

        Assert.Throws<ArgumentOutOfRangeException>(() => TabBased with { InactiveExpiry = TimeSpan.FromHours(23) });
        Assert.Throws<ArgumentOutOfRangeException>(() => TabBased with { InactiveExpiry = TimeSpan.FromHours(31) });
    }

    [Fact]
    public void Reps_end_sessions_that_are_not_Active_and_customers_end_them_only_where_the_channel_allows()
    {
        foreach (S open in new[] { S.Waiting, S.Consent, S.Active, S.Inactive })
        {
            Assert.Equal(S.Ended, L.Fire(open, E.EndSession, TabBased).To);
            Assert.Equal(S.Ended, L.Fire(open, E.CustomerEndSession, TabBased with { Channel = MessagingChannel.WebChat }).To);
            Assert.Equal(S.Ended, L.Fire(open, E.CustomerEndSession, TabBased with { Channel = MessagingChannel.BringYourOwnChannel }).To);
            Assert.Equal(TransitionOutcome.GuardRejected, L.Fire(open, E.CustomerEndSession, TabBased with { Channel = MessagingChannel.WhatsApp }).Outcome);
        }

        Assert.Equal(S.Ended, L.Fire(S.Active, E.BotEndSession, TabBased).To);
        Assert.Equal(S.Ended, StandardCustomerInitiated.Fire(S.Waiting, E.EndSession, StandardCustomerInitiated.Options.Default).To);
        Assert.Equal(S.Ended, StandardBusinessInitiated.Fire(S.Waiting, E.EndSession, StandardBusinessInitiated.Options.Default).To);
    }

    [Fact]
    public void The_inactivity_countdown_stops_at_each_customer_message()
    {
        var time = Clock.Start();
        var session = ActiveSession(time, TabBasedWith10mTimeout);
        L.Apply(ref session, E.RepMessage, time, TabBasedWith10mTimeout);

        time.Advance(TimeSpan.FromMinutes(5));
        L.Apply(ref session, E.CustomerMessage, time, TabBasedWith10mTimeout);
        Assert.False(session.IsCountdownRunning(0));
        Assert.Null(L.NextDeadline(session, TabBasedWith10mTimeout));

        time.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, L.Advance(ref session, time, TabBasedWith10mTimeout));
        Assert.Equal(S.Active, session.Status);
    }

    [Fact]
    public void Without_an_inactivity_timeout_no_session_becomes_inactive_automatically()
    {
        var time = Clock.Start();
        var session = ActiveSession(time, TabBased);
        L.Apply(ref session, E.RepMessage, time, TabBased);
        Assert.True(session.IsCountdownRunning(0));
        Assert.Null(L.NextDeadline(session, TabBased));

        time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, L.Advance(ref session, time, TabBased));
        Assert.Equal(S.Active, session.Status);
    }

    [Fact]
    public void The_inactivity_countdown_does_not_apply_under_status_based_capacity()
    {
        var options = StatusBased with { InactivityTimeout = TimeSpan.FromMinutes(10) };
        var time = Clock.Start();
        var session = ActiveSession(time, options);
        L.Apply(ref session, E.RepMessage, time, options);

        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, L.Advance(ref session, time, options));
        Assert.Equal(S.Active, session.Status);
    }

    [Fact]
    public void A_jump_of_days_fires_the_countdown_then_the_30_hour_expiry_in_order_each_at_its_own_deadline()
    {
        var time = Clock.Start();
        var session = ActiveSession(time, TabBasedWith10mTimeout);
        L.Apply(ref session, E.RepMessage, time, TabBasedWith10mTimeout);

        time.Advance(TimeSpan.FromDays(4));
        var log = new TimerLog();
        int fired = L.Advance(ref session, time.GetUtcNow(), TabBasedWith10mTimeout, ref log);

        Assert.Equal(2, fired);
        Assert.Equal(
            new[]
            {
                (0, S.Active, S.Inactive, Clock.Morning.AddMinutes(10)),
                (2, S.Inactive, S.Ended, Clock.Morning.AddMinutes(10).AddHours(30)),
            },
            log.Fired);
        Assert.Equal("CustomerInactivityCountdown", L.Description.Timers[log.Fired[0].Timer].Name);
        Assert.Equal("InactiveSessionExpiry", L.Description.Timers[log.Fired[1].Timer].Name);
        Assert.Equal(S.Ended, session.Status);
        Assert.Equal(Clock.Morning.AddMinutes(10).AddHours(30), session.EnteredAt);

        Assert.Equal(0, L.Advance(ref session, time, TabBasedWith10mTimeout));
    }

    [Fact]
    public void An_event_after_a_missed_deadline_meets_the_status_the_timers_left()
    {
        var time = Clock.Start();
        var session = ActiveSession(time, TabBased);
        L.Apply(ref session, E.MarkInactive, time, TabBased);

        time.Advance(TimeSpan.FromHours(31));
        var result = L.Apply(ref session, E.CustomerMessage, time, TabBased);

        Assert.Equal(TransitionOutcome.NotPermitted, result.Outcome);
        Assert.Equal(S.Ended, result.From);
        Assert.Equal(S.Ended, session.Status);
    }

    [Fact]
    public void A_clock_that_runs_backwards_neither_fires_timers_early_nor_moves_the_entry_time_back()
    {
        var time = Clock.Start();
        var session = ActiveSession(time, TabBased);
        L.Apply(ref session, E.MarkInactive, time, TabBased);

        L.Apply(ref session, E.CustomerMessage, Clock.Morning.AddHours(-5), TabBased);

        Assert.Equal(S.Waiting, session.Status);
        Assert.Equal(Clock.Morning, session.EnteredAt);
    }

    [Theory]
    [InlineData(E.Accept)]
    [InlineData(E.CustomerMessage)]
    [InlineData(E.OptOut)]
    [InlineData(E.RecordFailure)]
    public void Final_states_accept_no_event(E @event)
    {
        Assert.Equal(TransitionOutcome.NotPermitted, L.Fire(S.Ended, @event, TabBased).Outcome);
        Assert.Equal(TransitionOutcome.NotPermitted, L.Fire(S.Error, @event, TabBased).Outcome);
        Assert.True(L.IsFinal(S.Ended));
        Assert.True(L.IsFinal(S.Error));
        Assert.False(L.IsFinal(S.Inactive));
    }

    [Fact]
    public void A_record_failure_ends_any_open_session_in_Error_and_an_opt_out_in_Ended()
    {
        foreach (S open in new[] { S.Waiting, S.Consent, S.Active, S.Inactive })
        {
            Assert.Equal(S.Error, L.Fire(open, E.RecordFailure, TabBased).To);
            Assert.Equal(S.Ended, L.Fire(open, E.OptOut, TabBased).To);
        }
    }

    [Fact]
    public void A_consent_only_session_is_routed_once_the_customer_asks_something()
    {
        Assert.Equal(S.Consent, L.Fire(S.Consent, E.ConsentKeywordsOnly, TabBased).To);
        Assert.Equal(S.Waiting, L.Fire(S.Consent, E.CustomerMessage, TabBased).To);
    }

    [Fact]
    public void An_illegal_event_is_a_result_not_an_exception_and_leaves_the_session_as_it_was()
    {
        var time = Clock.Start();
        var session = L.Start(time);
        var before = session;

#pragma warning disable SDSL1002 // illegal on purpose: the test asserts the result of an illegal event
        var result = L.Apply(ref session, E.EndChat, time, TabBased);
#pragma warning restore SDSL1002

        Assert.Equal(TransitionOutcome.NotPermitted, result.Outcome);
        Assert.False(result.IsApplied);
        Assert.Equal(-1, result.TransitionIndex);
        Assert.Equal(before, session);
    }

    [Fact]
    public void FireOrThrow_names_the_lifecycle_status_event_and_the_events_that_would_be_legal()
    {
#pragma warning disable SDSL1001 // illegal on purpose: the test asserts the exception's message
        var error = Assert.Throws<InvalidTransitionException>(() => L.FireOrThrow(S.Waiting, E.EndChat, TabBased));
#pragma warning restore SDSL1001

        Assert.Equal(
            "EnhancedCustomerInitiated: event 'EndChat' is not permitted in status 'Waiting'; permitted: CustomerMessage, Accept, OptOut, RecordFailure, EndSession, CustomerEndSession.",
            error.Message);
        Assert.Equal(TransitionOutcome.NotPermitted, error.Outcome);
    }

    [Fact]
    public void Values_outside_the_enums_are_reported_as_unknown()
    {
        Assert.Equal(TransitionOutcome.UnknownStatus, L.Fire((S)200, E.Accept, TabBased).Outcome);
        Assert.Equal(TransitionOutcome.UnknownEvent, L.Fire(S.Waiting, (E)200, TabBased).Outcome);
    }

    [Fact]
    public void A_session_that_was_never_started_is_refused_with_a_clear_error()
    {
        var session = default(SessionState<S>);
        var error = Assert.Throws<ArgumentException>(() => L.Apply(ref session, E.Accept, Clock.Morning, TabBased));
        Assert.Contains("never started", error.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(31)]
    public void An_inactivity_timeout_outside_5_to_30_minutes_cannot_be_set_and_the_error_names_the_option(int minutes)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TabBased with { InactivityTimeout = TimeSpan.FromMinutes(minutes) });

        Assert.Equal("InactivityTimeout", error.ParamName);
        Assert.Contains("Option 'inactivityTimeout' is ", error.Message);
        Assert.Contains("5m to 30m", error.Message);
        Assert.False(L.TryParseOptions($"inactivityTimeout={minutes}m", out _, out string? parseError));
        Assert.Contains("5m to 30m", parseError);
        Assert.True((TabBased with { InactivityTimeout = TimeSpan.FromMinutes(15) }).TryValidate(out _));
    }

    [Fact]
    public void An_enum_option_outside_its_values_cannot_be_set()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new L.Options { CapacityModel = (CapacityModel)9 });

        Assert.Contains("Option 'capacityModel' is 9; it must be one of: TabBased, StatusBased.", error.Message);
    }

    [Fact]
    public void Default_options_of_every_kind_are_valid_whichever_way_they_are_made()
    {
        Assert.True(default(L.Options).TryValidate(out _));
        Assert.True(L.Options.Default.TryValidate(out _));
        Assert.True(new L.Options().TryValidate(out _));
        Assert.True(default(EnhancedBusinessInitiated.Options).TryValidate(out _));
    }
}
