using System.Text.Json;
using SessionDsl.Messaging;
using Xunit;
using B = SessionDsl.Messaging.EnhancedBusinessInitiated;
using C = SessionDsl.Messaging.EnhancedCustomerInitiated;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Lifecycles.Tests;

/// <summary>
/// What a store keeps of a session must come back whole: its options as text by name (FormatOptions and
/// TryParseOptions), and its state (status, entry time, countdowns) through System.Text.Json.
/// </summary>
public class StoredFormTests
{
    public static TheoryData<string> Durations => new() { "10m", "30m", "5m", "12m30s", "10m1ms" };

    [Fact]
    public void Every_combination_of_options_comes_back_from_its_text()
    {
        foreach (CapacityModel capacity in Enum.GetValues<CapacityModel>())
        foreach (MessagingChannel channel in Enum.GetValues<MessagingChannel>())
        foreach (bool keepOpen in new[] { false, true })
        foreach (TimeSpan timeout in new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10).Add(TimeSpan.FromTicks(1)), TimeSpan.FromHours(24) })
        {
            var options = new B.Options { CapacityModel = capacity, Channel = channel, KeepOpen = keepOpen, BotTimeout = timeout };
            string text = B.FormatOptions(options);

            Assert.True(B.TryParseOptions(text, out B.Options back, out string? error), error);
            Assert.Equal(options, back);
            Assert.Equal(B.Fire(S.New, MessagingSessionEvent.OpeningMessage, options), B.Fire(S.New, MessagingSessionEvent.OpeningMessage, back));
        }
    }

    [Fact]
    public void Options_text_names_every_option_by_its_yaml_name()
    {
        var options = new B.Options { CapacityModel = CapacityModel.StatusBased, BotTimeout = TimeSpan.FromMinutes(12.5), KeepOpen = true, Channel = MessagingChannel.WhatsApp };

        Assert.Equal("capacityModel=StatusBased; keepOpen=true; channel=WhatsApp; botTimeout=12m30s; inactiveExpiry=1d6h", B.FormatOptions(options));
        Assert.Equal("capacityModel=TabBased; keepOpen=false; channel=Sms; botTimeout=2h; inactiveExpiry=1d6h", B.FormatOptions(B.DefaultOptions));
        Assert.Equal("capacityModel=TabBased; inactivityTimeout=none; channel=WebChat; botTimeout=2h; inactiveExpiry=1d6h", C.FormatOptions(C.DefaultOptions));
        Assert.Equal("capacityModel=TabBased; inactivityTimeout=12m30s; channel=WebChat; botTimeout=2h; inactiveExpiry=1d6h", C.FormatOptions(C.DefaultOptions with { InactivityTimeout = TimeSpan.FromMinutes(12.5) }));
    }

    [Fact]
    public void An_option_the_text_omits_takes_its_default_whatever_the_order()
    {
        Assert.True(B.TryParseOptions("channel=Line ;capacityModel=StatusBased", out B.Options options, out _));

        Assert.Equal(B.DefaultOptions with { Channel = MessagingChannel.Line, CapacityModel = CapacityModel.StatusBased }, options);
        Assert.True(B.TryParseOptions(string.Empty, out B.Options defaults, out _));
        Assert.Equal(B.DefaultOptions, defaults);
    }

    [Theory]
    [InlineData("capacityModel=Tabbased", "Option 'capacityModel' cannot be 'Tabbased'; it takes one of TabBased, StatusBased.")]
    [InlineData("capacityModel=1", "Option 'capacityModel' cannot be '1'")]
    [InlineData("keepOpen=yes", "Option 'keepOpen' cannot be 'yes'; it takes true or false.")]
    [InlineData("botTimeout=ten minutes", "Option 'botTimeout' cannot be 'ten minutes'")]
    [InlineData("botTimeout=30s", "Option 'botTimeout' is 00:00:30; it must be longer than zero and within 1m to ")]
    [InlineData("botTimeout=-600000000t", "it must be longer than zero")]
    [InlineData("capacityModel", "'capacityModel' is not of the form name=value")]
    [InlineData("keepOpen=true; keepOpen=false", "option 'keepOpen' is given twice")]
    [InlineData("rep=Ann", "'rep' is not an option of EnhancedBusinessInitiated; its options are: capacityModel, keepOpen, channel, botTimeout, inactiveExpiry.")]
    public void Options_text_that_is_wrong_is_refused_with_the_reason(string text, string expected)
    {
        Assert.False(B.TryParseOptions(text, out _, out string? error));
        Assert.Contains(expected, error);
    }

    [Theory]
    [MemberData(nameof(Durations))]
    public void Durations_come_back_from_their_text(string text)
    {
        Assert.True(OptionText.TryParseDuration(text, out TimeSpan value));
        Assert.Equal(text, OptionText.FormatDuration(value));
    }

    [Fact]
    public void Durations_below_a_millisecond_are_written_in_ticks_and_read_back_exactly()
    {
        foreach (long ticks in new[] { 1L, 9_999L, 6_000_000_001L, -5L, 0L, TimeSpan.MaxValue.Ticks })
        {
            string text = OptionText.FormatDuration(TimeSpan.FromTicks(ticks));
            Assert.True(OptionText.TryParseDuration(text, out TimeSpan back), text);
            Assert.Equal(ticks, back.Ticks);
        }

        Assert.False(OptionText.TryParseDuration("0m", out _));
        Assert.False(OptionText.TryParseDuration("-5m", out _));
        Assert.False(OptionText.TryParseDuration("5s10m", out _));
        Assert.False(OptionText.TryParseDuration("99999999999999999999d", out _));
        Assert.False(OptionText.TryParseDuration("9999999999999d", out _));
    }

    [Fact]
    public void A_session_comes_back_from_json_with_its_countdowns()
    {
        var options = new C.Options { InactivityTimeout = TimeSpan.FromMinutes(10) };
        var time = Clock.Start();
        SessionState<S> session = C.Start(time);
        C.Apply(ref session, MessagingSessionEvent.Accept, time, options);
        time.Advance(TimeSpan.FromMinutes(1));
        C.Apply(ref session, MessagingSessionEvent.RepMessage, time, options);

        string json = JsonSerializer.Serialize(session);
        SessionState<S> back = JsonSerializer.Deserialize<SessionState<S>>(json);

        Assert.Contains("\"status\":\"Active\"", json);
        Assert.Equal(session, back);
        Assert.True(back.IsStarted);
        Assert.Equal(C.NextDeadline(session, options), C.NextDeadline(back, options));
        Assert.Equal(Clock.Morning.AddMinutes(11), C.NextDeadline(back, options));
    }

    [Fact]
    public void A_session_never_started_stays_not_started_through_json()
    {
        SessionState<S> back = JsonSerializer.Deserialize<SessionState<S>>(JsonSerializer.Serialize(default(SessionState<S>)));

        Assert.False(back.IsStarted);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SessionState<S>>("""{"status":"Nope","enteredAt":null}"""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SessionState<S>>("""{"status":"Active","enteredAt":null}"""));
    }

    [Fact]
    public void A_session_can_be_rebuilt_from_its_parts()
    {
        // As a store does: the status is data read back (a constant non-initial status would be SDSL1006).
        S stored = Enum.Parse<S>("Active");
        var entered = Clock.Morning;
        var rebuilt = new SessionState<S>(stored, entered, countdown0: null, countdown1: entered.AddMinutes(3));

        Assert.Equal(S.Active, rebuilt.Status);
        Assert.Equal(entered.AddMinutes(3), rebuilt.CountdownStartedAt(1));
        Assert.Null(rebuilt.CountdownStartedAt(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionState<S>(stored, DateTimeOffset.MinValue, null));
    }
}
