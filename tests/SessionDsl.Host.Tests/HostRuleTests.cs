using SessionDsl.Hosting;
using SessionDsl.Messaging;
using Xunit;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Host.Tests;

/// <summary>
/// The rules across a messaging user's sessions, as the shipped definitions declare them (<c>rules:</c>) and the host
/// enforces them, with refusals that name the rule, the statuses and the session in the way.
/// </summary>
public class HostRuleTests
{
    [Fact]
    public void A_rep_cannot_open_a_session_while_the_users_previous_session_in_the_channel_is_open()
    {
        using var f = new Messaging.Fixture();
        f.Customer("first", "ann/WhatsApp");

        HostResult<string, S, E> refused = f.Rep("second", "ann/WhatsApp");

        Assert.Equal(HostOutcome.RuleRefused, refused.Outcome);
        Assert.Equal("PreviousSessionMustBeClosed", refused.Rule?.Name);
        Assert.Equal("first", refused.Other);
        Assert.Equal(
            "Refused by rule 'PreviousSessionMustBeClosed' of EnhancedBusinessInitiated: OpeningMessage on a new session of EnhancedBusinessInitiated needs every other session of partition 'ann/WhatsApp' to be in Ended or Error, and session 'first' (EnhancedCustomerInitiated) is Waiting.",
            refused.Message);
        Assert.False(f.Host.TryGet("second", out _)); // a refused opening message leaves no session behind
        Assert.Single(f.Feed);

        // The same user in another channel is another messaging user (a record per channel).
        Assert.Equal(HostOutcome.Started, f.Rep("third", "ann/Sms").Outcome);
    }

    [Fact]
    public void A_rep_can_open_a_session_once_the_previous_one_ended_in_error_or_by_a_timer()
    {
        using var f = new Messaging.Fixture();
        f.Customer("a", "ann/WhatsApp");
        f.Apply("a", E.RecordFailure);
        Assert.Equal(HostOutcome.Started, f.Rep("b", "ann/WhatsApp").Outcome);

        // b stays New for 48 hours awaiting the customer's reply, then ends: its expiry fires before the rule looks at it.
        f.Fake.Advance(TimeSpan.FromHours(48));
        HostResult<string, S, E> c = f.Rep("c", "ann/WhatsApp");
        Assert.Equal(HostOutcome.Started, c.Outcome);
        Assert.Equal(S.Ended, f.Status("b"));
        Assert.Equal(S.New, f.Status("c"));
    }

    [Fact]
    public void A_flows_notification_is_not_held_back_by_an_open_session()
    {
        using var f = new Messaging.Fixture();
        f.Customer("a", "ann/WhatsApp");

        HostResult<string, S, E> notified = f.Host.Start("n", "ann/WhatsApp", f.EnhancedBusiness, Messaging.RepTenMinutes, firstEvent: E.AutomatedNotification);

        Assert.Equal(HostOutcome.Started, notified.Outcome);
        Assert.Equal(S.Ended, f.Status("n"));
    }

    [Fact]
    public void The_rule_also_guards_an_opening_message_sent_to_a_session_already_created()
    {
        using var f = new Messaging.Fixture();
        f.Host.Start("new", "ann/WhatsApp", f.EnhancedBusiness, Messaging.RepTenMinutes).OrThrow(); // created, New
        f.Customer("a", "ann/WhatsApp");

        HostResult<string, S, E> refused = f.Host.Apply("new", E.OpeningMessage);

        Assert.Equal(HostOutcome.RuleRefused, refused.Outcome);
        Assert.Contains("OpeningMessage on session 'new' of EnhancedBusinessInitiated", refused.Message);
        Assert.Equal(S.New, f.Status("new"));
        f.Apply("a", E.OptOut);
        Assert.Equal(HostOutcome.Applied, f.Host.Apply("new", E.OpeningMessage).Outcome);
    }

    [Fact]
    public void Reps_cannot_open_sessions_in_enhanced_web_chat_but_customers_can()
    {
        using var f = new Messaging.Fixture();

        HostResult<string, S, E> refused = f.Rep("r", "ann/WebChat", new EnhancedBusinessInitiated.Options { Channel = MessagingChannel.WebChat });

        Assert.Equal(HostOutcome.EventRefused, refused.Outcome);
        Assert.Equal(TransitionOutcome.GuardRejected, refused.Transition.Outcome);
        Assert.False(f.Host.TryGet("r", out _));
        f.Customer("c", "ann/WebChat");
        Assert.Equal(S.Waiting, f.Status("c"));
    }

    [Fact]
    public void Only_ended_or_error_sessions_can_be_deleted_one_at_a_time()
    {
        using var f = new Messaging.Fixture();
        f.Customer("a", "ann/Sms");
        f.Apply("a", E.Accept);

        HostResult<string, S, E> refused = f.Host.Delete("a");

        Assert.Equal(HostOutcome.RuleRefused, refused.Outcome);
        Assert.Equal(
            "Refused by rule 'OnlyClosedSessionsCanBeDeleted' of EnhancedCustomerInitiated: session 'a' is Active, and only sessions in Ended or Error can be deleted.",
            refused.Message);
        Assert.Equal(S.Active, f.Status("a"));
        f.Apply("a", E.EndChat);
        Assert.Equal(HostOutcome.Deleted, f.Host.Delete("a").Outcome);
        Assert.Equal(SessionChangeKind.Deleted, f.Feed[^1].Kind);
    }

    [Fact]
    public void Deleting_brings_the_session_up_to_date_first_so_an_expired_inactive_session_can_be_deleted()
    {
        using var f = new Messaging.Fixture();
        f.Customer("a", "ann/Sms");
        f.Apply("a", E.Accept, E.MarkInactive);
        f.Fake.Advance(TimeSpan.FromHours(31)); // nobody advanced the host meanwhile

        Assert.Equal(HostOutcome.Deleted, f.Host.Delete("a").Outcome);
        Assert.Equal(
            [SessionChangeKind.TimerFired, SessionChangeKind.Deleted],
            f.Feed.TakeLast(2).Select(c => c.Kind));
    }

    [Fact]
    public void The_same_failure_again_updates_the_previous_failed_session_instead_of_keeping_a_new_one()
    {
        using var f = new Messaging.Fixture();
        f.Customer("a", "ann/Sms");
        f.Host.Apply("a", E.RecordFailure, reason: "trigger on Messaging Session").OrThrow();
        f.Fake.Advance(TimeSpan.FromMinutes(5));
        f.Customer("b", "ann/Sms");

        HostResult<string, S, E> merged = f.Host.Apply("b", E.RecordFailure, reason: "trigger on Messaging Session");

        Assert.Equal(HostOutcome.Merged, merged.Outcome);
        Assert.Equal("SameFailureUpdatesPreviousSession", merged.Rule?.Name);
        Assert.Equal("a", merged.Other);
        Assert.False(f.Host.TryGet("b", out _));
        Assert.Equal(Messaging.Start.AddMinutes(5), f.Host.Get("a").LastModified);
        SessionChange<string, string, S, E> change = f.Feed[^1];
        Assert.Equal((SessionChangeKind.Merged, "b", "a", "SameFailureUpdatesPreviousSession", "trigger on Messaging Session"), (change.Kind, change.Key, change.Other, change.Rule, change.Reason));
        Assert.Equal(1, f.Host.Count);
    }

    [Fact]
    public void A_different_failure_or_none_or_a_previous_session_that_did_not_fail_keeps_the_new_session()
    {
        using var f = new Messaging.Fixture();
        f.Customer("a", "ann/Sms");
        f.Host.Apply("a", E.RecordFailure, reason: "trigger").OrThrow();
        f.Customer("b", "ann/Sms");
        Assert.Equal(HostOutcome.Applied, f.Host.Apply("b", E.RecordFailure, reason: "required field").Outcome);
        f.Customer("c", "ann/Sms");
        Assert.Equal(HostOutcome.Applied, f.Host.Apply("c", E.RecordFailure).Outcome); // no reason given
        f.Customer("d", "ann/Sms");
        f.Apply("d", E.OptOut);
        f.Customer("e", "ann/Sms");
        Assert.Equal(HostOutcome.Applied, f.Host.Apply("e", E.RecordFailure, reason: "trigger").Outcome); // previous is d, Ended

        Assert.Equal(5, f.Host.Count);
        Assert.Equal(["a", "b", "c", "d", "e"], f.Host.GetPartition("ann/Sms").Select(v => v.Key));
        Assert.Equal("required field", f.Host.Get("b").Reason);
    }

    [Fact]
    public void A_caller_who_asks_for_exceptions_gets_one_that_names_the_rule()
    {
        using var f = new Messaging.Fixture();
        f.Customer("a", "ann/WhatsApp");

        SessionHostException error = Assert.Throws<SessionHostException>(() => f.Rep("b", "ann/WhatsApp").OrThrow());

        Assert.Equal(HostOutcome.RuleRefused, error.Outcome);
        Assert.Contains("'PreviousSessionMustBeClosed'", error.Message);
    }

    [Fact]
    public void The_rule_state_agrees_with_the_sessions_after_every_kind_of_change()
    {
        using var f = new Messaging.Fixture();
        f.Customer("a", "ann/WhatsApp");
        f.Rep("x", "bob/WhatsApp").OrThrow();
        f.Apply("a", E.Accept, E.MarkInactive);
        f.Advance(TimeSpan.FromHours(31));
        f.Host.Delete("a").OrThrow();
        f.Host.Apply("x", E.RecordFailure, reason: "r").OrThrow();
        f.Rep("y", "bob/WhatsApp").OrThrow();
        f.Host.Apply("y", E.RecordFailure, reason: "r").OrThrow();

        Assert.Null(f.Host.CheckConsistency());
        Assert.Equal(1, f.Host.PartitionCount);
        Assert.Equal(HostOutcome.Started, f.Rep("z", "bob/WhatsApp").Outcome);
    }
}
