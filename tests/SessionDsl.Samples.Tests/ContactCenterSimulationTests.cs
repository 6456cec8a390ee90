using ContactCenter;
using SessionDsl;
using SessionDsl.Messaging;
using Xunit;

namespace SessionDsl.Samples.Tests;

public class ContactCenterSimulationTests
{
    private static readonly Lazy<SimulationReport> Day = new(() => new ContactCenterSimulation().Run(new SimulationOptions { Sessions = 4000, Seed = 11 }));

    private static LifecycleReport Of(string name) => Day.Value.Lifecycles.Single(l => l.Name == name);

    [Fact]
    public void A_seeded_day_is_repeatable()
    {
        var again = new ContactCenterSimulation().Run(new SimulationOptions { Sessions = 4000, Seed = 11 });

        Assert.Equal(Day.Value.TransitionsApplied, again.TransitionsApplied);
        Assert.Equal(Day.Value.TimersFired, again.TimersFired);
        Assert.Equal(Day.Value.EventsRejected, again.EventsRejected);
        foreach (var lifecycle in Day.Value.Lifecycles)
        {
            Assert.Equal(lifecycle.FinalStatuses.OrderBy(p => p.Key), again.Lifecycles.Single(l => l.Name == lifecycle.Name).FinalStatuses.OrderBy(p => p.Key));
        }
    }

    [Fact]
    public void Every_session_of_the_day_is_accounted_for_and_no_timer_is_lost()
    {
        var day = Day.Value;

        Assert.Equal(4000, day.Sessions);
        Assert.All(day.Lifecycles, l => Assert.Equal(l.Sessions, l.FinalStatuses.Values.Sum()));
        Assert.All(day.Lifecycles, l => Assert.Equal(0, l.OpenWithOverdueDeadline));
        Assert.True(day.TransitionsApplied > day.Sessions);
        Assert.True(day.TimersFired > 0);
    }

    [Fact]
    public void Standard_lifecycles_never_end_in_an_enhanced_only_status()
    {
        foreach (string name in new[] { "StandardCustomerInitiated", "StandardBusinessInitiated" })
        {
            var lifecycle = Of(name);
            Assert.Equal(0, lifecycle.SessionsIn(MessagingSessionStatus.Consent) + lifecycle.SessionsIn(MessagingSessionStatus.Inactive) + lifecycle.SessionsIn(MessagingSessionStatus.Error));
        }
    }

    [Fact]
    public void After_three_settling_days_no_session_is_left_Inactive_or_awaiting_a_first_reply()
    {
        Assert.Equal(0, Day.Value.SessionsIn(MessagingSessionStatus.Inactive));
        Assert.Equal(0, Of("EnhancedBusinessInitiated").SessionsIn(MessagingSessionStatus.Waiting));
        Assert.Equal(0, Of("StandardBusinessInitiated").SessionsIn(MessagingSessionStatus.Waiting));
    }

    [Fact]
    public void Timers_fire_after_exactly_the_durations_the_definitions_declare()
    {
        var noReplyEnhanced = Of("EnhancedBusinessInitiated").Timers.Single(t => t.Name == "CustomerReplyCountdown");
        var noReplyStandard = Of("StandardBusinessInitiated").Timers.Single(t => t.Name == "CustomerReplyCountdown");
        var inactiveExpiry = Of("EnhancedCustomerInitiated").Timers.Single(t => t.Name == "InactiveSessionExpiry");
        var inactivity = Of("EnhancedCustomerInitiated").Timers.Single(t => t.Name == "CustomerInactivityCountdown");

        Assert.True(noReplyEnhanced.Fired > 0);
        Assert.Equal(TimeSpan.FromHours(48), noReplyEnhanced.ShortestWait);
        Assert.Equal(TimeSpan.FromHours(48), noReplyEnhanced.LongestWait);
        Assert.Equal(TimeSpan.FromHours(24), noReplyStandard.ShortestWait);
        Assert.Equal(TimeSpan.FromHours(24), noReplyStandard.LongestWait);
        Assert.Equal(TimeSpan.FromHours(30), inactiveExpiry.ShortestWait);
        Assert.Equal(TimeSpan.FromHours(30), inactiveExpiry.LongestWait);
        Assert.InRange(inactivity.ShortestWait!.Value, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30));
        Assert.InRange(inactivity.LongestWait!.Value, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void Opening_messages_in_Enhanced_Web_Chat_are_refused_by_the_guard()
    {
        var refused = Of("EnhancedBusinessInitiated").Rejections
            .Where(r => r.Status == MessagingSessionStatus.New && r.Event == MessagingSessionEvent.OpeningMessage && r.Outcome == nameof(TransitionOutcome.GuardRejected))
            .Sum(r => r.Count);

        Assert.Equal(Day.Value.Traffic.WebChatOpeningMessages, refused);
    }

    [Fact]
    public void Bad_options_are_refused_with_a_clear_error()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new ContactCenterSimulation().Run(new SimulationOptions { Sessions = 0 }));
        Assert.Contains("Sessions", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
