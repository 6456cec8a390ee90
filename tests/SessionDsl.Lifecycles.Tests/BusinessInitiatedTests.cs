using SessionDsl.Messaging;
using Xunit;
using EB = SessionDsl.Messaging.EnhancedBusinessInitiated;
using SB = SessionDsl.Messaging.StandardBusinessInitiated;
using S = SessionDsl.Messaging.MessagingSessionStatus;
using E = SessionDsl.Messaging.MessagingSessionEvent;

namespace SessionDsl.Lifecycles.Tests;

public class BusinessInitiatedTests
{
    [Fact]
    public void An_enhanced_outbound_session_stays_New_and_ends_at_48_hours_and_not_before()
    {
        // service.messaging_send_message_considerations.htm: "the session status is New. If the customer doesn't
        // respond or opt out within 48 hours", it ends.
        var time = Clock.Start();
        var session = EB.Start(time);
        Assert.Equal(S.New, session.Status);
        EB.Apply(ref session, E.OpeningMessage, time, EB.Options.Default);
        Assert.Equal(S.New, session.Status);

        time.Advance(new TimeSpan(47, 59, 59));
        Assert.Equal(0, EB.Advance(ref session, time, EB.Options.Default));
        Assert.Equal(S.New, session.Status);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, EB.Advance(ref session, time, EB.Options.Default));
        Assert.Equal(S.Ended, session.Status);
    }

    [Fact]
    public void A_standard_business_initiated_session_without_reply_ends_at_24_hours_and_not_before()
    {
        var time = Clock.Start();
        var session = SB.Start(time);
        SB.Apply(ref session, E.OpeningMessage, time, SB.Options.Default);

        time.Advance(new TimeSpan(23, 59, 0));
        Assert.Equal(0, SB.Advance(ref session, time, SB.Options.Default));
        Assert.Equal(S.Waiting, session.Status);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, SB.Advance(ref session, time, SB.Options.Default));
        Assert.Equal(S.Ended, session.Status);
        Assert.Equal(Clock.Morning.AddHours(24), session.EnteredAt);
    }

    [Fact]
    public void Under_status_based_capacity_the_reply_goes_to_the_same_rep_and_stops_the_no_reply_countdown()
    {
        var statusBased = new EB.Options { CapacityModel = CapacityModel.StatusBased };
        var time = Clock.Start();
        var session = EB.Start(time);
        EB.Apply(ref session, E.OpeningMessage, time, statusBased);

        time.Advance(TimeSpan.FromHours(47));
        EB.Apply(ref session, E.CustomerMessage, time, statusBased);
        Assert.Equal(S.Active, session.Status);

        time.Advance(TimeSpan.FromDays(5));
        Assert.Equal(0, EB.Advance(ref session, time, statusBased));
        Assert.Equal(S.Active, session.Status);
    }

    [Fact]
    public void Under_tab_based_capacity_the_reply_is_routed_as_a_new_session_so_the_outbound_one_ends()
    {
        // "the response is routed as a new messaging session and a different rep may pick it up".
        var tabBased = new EB.Options { CapacityModel = CapacityModel.TabBased };
        var time = Clock.Start();
        var session = EB.Start(time);
        EB.Apply(ref session, E.OpeningMessage, time, tabBased);

        time.Advance(TimeSpan.FromHours(3));
        var reply = EB.Apply(ref session, E.CustomerMessage, time, tabBased);
        Assert.Equal(TransitionOutcome.Applied, reply.Outcome);
        Assert.Equal(S.Ended, session.Status);
        Assert.Equal(Clock.Morning.AddHours(3), session.EnteredAt);

        // The reply itself starts where a customer's message starts: a customer-initiated session, Waiting.
        Assert.Equal(S.Waiting, EnhancedCustomerInitiated.DefaultInitialStatus);
        Assert.NotEqual(S.Active, EB.Fire(S.Consent, E.CustomerMessage, tabBased).To);
    }

    [Fact]
    public void A_second_outbound_message_does_not_extend_the_48_hours()
    {
        var time = Clock.Start();
        var session = EB.Start(time);
        EB.Apply(ref session, E.OpeningMessage, time, EB.Options.Default);
        time.Advance(TimeSpan.FromHours(40));
        EB.Apply(ref session, E.OpeningMessage, time, EB.Options.Default);
        Assert.Equal(S.New, session.Status);

        Assert.Equal(Clock.Morning.AddHours(48), EB.NextDeadline(session, EB.Options.Default));
        time.Advance(TimeSpan.FromHours(8));
        Assert.Equal(1, EB.Advance(ref session, time, EB.Options.Default));
        Assert.Equal(S.Ended, session.Status);
    }

    [Fact]
    public void An_unanswered_outbound_session_can_opt_out_reply_with_consent_keywords_or_be_ended_by_a_rep()
    {
        Assert.Equal(S.Ended, EB.Fire(S.New, E.OptOut, EB.Options.Default).To);
        Assert.Equal(S.Consent, EB.Fire(S.New, E.ConsentKeywordsOnly, EB.Options.Default).To);
        Assert.Equal(S.Ended, EB.Fire(S.New, E.EndSession, EB.Options.Default).To);

        // Consent stops the no-reply countdown (it runs only in New), and a rep can end the session from there.
        var time = Clock.Start();
        var session = EB.Start(time);
        EB.Apply(ref session, E.OpeningMessage, time, EB.Options.Default);
        EB.Apply(ref session, E.ConsentKeywordsOnly, time, EB.Options.Default);
        Assert.Null(EB.NextDeadline(session, EB.Options.Default));
        Assert.Equal(S.Ended, EB.Fire(S.Consent, E.EndSession, EB.Options.Default).To);
    }

    [Fact]
    public void A_transferred_session_waiting_for_a_rep_does_not_expire_by_the_no_reply_countdown()
    {
        var time = Clock.Start();
        var session = SB.Start(time);
        SB.Apply(ref session, E.OpeningMessage, time, SB.Options.Default);
        SB.Apply(ref session, E.CustomerMessage, time, SB.Options.Default);
        SB.Apply(ref session, E.Transfer, time, SB.Options.Default);
        Assert.Equal(S.Waiting, session.Status);

        time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, SB.Advance(ref session, time, SB.Options.Default));
        Assert.Equal(S.Waiting, session.Status);
    }

    [Fact]
    public void Reps_cannot_initiate_sessions_in_Enhanced_Web_Chat()
    {
        var webChat = new EB.Options { Channel = MessagingChannel.WebChat };

        var result = EB.Fire(S.New, E.OpeningMessage, webChat);

        Assert.Equal(TransitionOutcome.GuardRejected, result.Outcome);
        Assert.Equal(S.New, EB.Fire(S.New, E.OpeningMessage, webChat with { Channel = MessagingChannel.InAppChat }).To);
    }

    [Fact]
    public void An_automated_notification_session_is_Ended_at_once_unless_the_flow_keeps_it_open_for_48_hours()
    {
        Assert.Equal(S.Ended, EB.Fire(S.New, E.AutomatedNotification, EB.Options.Default).To);
        Assert.Equal(S.Ended, SB.Fire(S.New, E.AutomatedNotification, SB.Options.Default).To);

        var keepOpen = new EB.Options { KeepOpen = true };
        var time = Clock.Start();
        var session = EB.Start(time);
        EB.Apply(ref session, E.AutomatedNotification, time, keepOpen);
        Assert.Equal(S.New, session.Status);

        time.Advance(TimeSpan.FromHours(48));
        EB.Advance(ref session, time, keepOpen);
        Assert.Equal(S.Ended, session.Status);
    }

    [Fact]
    public void Standard_sessions_never_enter_the_enhanced_only_statuses()
    {
        foreach (E @event in Enum.GetValues<E>())
        {
            foreach (S from in new[] { S.New, S.Waiting, S.Active })
            {
                var result = SB.Fire(from, @event, new SB.Options { CapacityModel = CapacityModel.TabBased });
                Assert.DoesNotContain(result.To, new[] { S.Consent, S.Inactive, S.Error });
            }
        }

#pragma warning disable SDSL1001 // illegal on purpose: the test asserts that the lifecycle refuses them
        Assert.Equal(TransitionOutcome.NotPermitted, SB.Fire(S.Active, E.MarkInactive).Outcome);
        Assert.Equal(TransitionOutcome.NotPermitted, StandardCustomerInitiated.Fire(S.Active, E.RecordFailure).Outcome);
#pragma warning restore SDSL1001
        Assert.DoesNotContain(SB.Description.States, s => s.Status is S.Consent or S.Inactive or S.Error);
        Assert.DoesNotContain(StandardCustomerInitiated.Description.States, s => s.Status is S.Consent or S.Inactive or S.Error or S.New);
    }
}
