using SessionDsl.Messaging;
using Xunit;
using S = SessionDsl.Messaging.MessagingSessionStatus;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using L = SessionDsl.Messaging.EnhancedBusinessInitiated;

namespace SessionDsl.Lifecycles.Tests;

/// <summary>
/// Options work out which copy of the transition table their guards select when an option is set, so that Fire reads
/// it in one load. However options come to be (default, the constructor, an initializer in any order, <c>with</c>),
/// the copy must be the one their values select.
/// </summary>
public class OptionsTests
{
    private static IEnumerable<L.Options> EveryCombination() =>
        from c in Enum.GetValues<CapacityModel>()
        from ch in Enum.GetValues<MessagingChannel>()
        from k in new[] { false, true }
        from t in new[] { TimeSpan.FromHours(2), TimeSpan.FromMinutes(10) }
        select new L.Options { CapacityModel = c, Channel = ch, KeepOpen = k, BotTimeout = t };

    private static void SameTransitions(L.Options expected, L.Options actual)
    {
        foreach (S from in Enum.GetValues<S>())
        {
            foreach (E e in Enum.GetValues<E>())
            {
                Assert.Equal(L.Fire(from, e, expected), L.Fire(from, e, actual));
            }
        }
    }

    [Fact]
    public void Options_built_in_any_order_or_with_with_select_the_same_transitions()
    {
        foreach (L.Options options in EveryCombination())
        {
            var reversed = new L.Options { BotTimeout = options.BotTimeout, KeepOpen = options.KeepOpen, Channel = options.Channel, CapacityModel = options.CapacityModel };
            var fromDefault = default(L.Options) with { Channel = options.Channel, CapacityModel = options.CapacityModel, KeepOpen = options.KeepOpen, BotTimeout = options.BotTimeout };
            var fromDefaults = L.Options.Default with { KeepOpen = options.KeepOpen, CapacityModel = options.CapacityModel, Channel = options.Channel, BotTimeout = options.BotTimeout };

            Assert.Equal(options, reversed);
            Assert.Equal(options, fromDefault);
            Assert.Equal(options, fromDefaults);
            SameTransitions(options, reversed);
            SameTransitions(options, fromDefault);
            SameTransitions(options, fromDefaults);
        }
    }

    [Fact]
    public void Default_options_select_the_transitions_of_their_all_zero_values()
    {
        var zero = new L.Options { CapacityModel = (CapacityModel)0, Channel = (MessagingChannel)0, KeepOpen = false, BotTimeout = TimeSpan.FromHours(2), InactiveExpiry = TimeSpan.FromHours(30) };

        Assert.Equal(zero, default(L.Options));
        SameTransitions(zero, default);

        // And the guards read them as values: channel 0 (InAppChat) is not WebChat, so a rep may open a session.
        Assert.True(L.Fire(S.New, E.OpeningMessage, default).IsApplied);
        Assert.False(L.Fire(S.New, E.OpeningMessage, default(L.Options) with { Channel = MessagingChannel.WebChat }).IsApplied);
    }

    [Fact]
    public void Changing_one_option_with_with_changes_the_transitions_its_guards_read()
    {
        var tabBased = new L.Options { CapacityModel = CapacityModel.TabBased, Channel = MessagingChannel.Sms };
        var statusBased = tabBased with { CapacityModel = CapacityModel.StatusBased };

        Assert.Equal(S.Waiting, L.Fire(S.Inactive, E.CustomerMessage, tabBased).To);
        Assert.Equal(S.Active, L.Fire(S.Inactive, E.CustomerMessage, statusBased).To);
    }
}
