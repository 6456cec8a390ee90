using Xunit;

namespace SessionDsl.Orleans.Tests;

/// <summary>The cluster tests' checker, shown to fail on each fault it exists to catch.</summary>
public sealed class FeedCheckTests
{
    private static readonly ClusterResult Started = new("Started", "a", null, null, 1, "started", false);
    private static readonly ClusterResult Applied = new("Applied", "a", "Waiting", "Active", 2, "applied", false);

    private static ClusterFeedEntry Entry(long position, string kind, string key, string from, string to, string? @event = null, long atMs = 1_000) =>
        new($"{atMs + position}-0", "p", new ChangeRecord(position, DateTimeOffset.FromUnixTimeMilliseconds(atMs).UtcTicks, kind, key, "Chat", from, to, @event, null, null, null, null));

    private static readonly Call[] Calls =
    [
        new("p", "a", "Start", null, "r1", Started),
        new("p", "a", "Apply", Silo.Chats.ChatEvent.Accept, "r2", Applied),
    ];

    [Fact]
    public void A_good_feed_has_no_problems()
    {
        FeedSummary summary = FeedCheck.Check([Entry(1, "Started", "a", "Waiting", "Waiting"), Entry(2, "Transition", "a", "Waiting", "Active", "Accept")], Calls);
        Assert.Empty(summary.Problems);
    }

    [Fact]
    public void A_position_published_twice_is_a_problem()
    {
        FeedSummary summary = FeedCheck.Check([Entry(1, "Started", "a", "Waiting", "Waiting"), Entry(2, "Transition", "a", "Waiting", "Active", "Accept"), Entry(2, "Transition", "a", "Waiting", "Active", "Accept")], Calls);
        Assert.Contains(summary.Problems, p => p.Contains("dense, once each", StringComparison.Ordinal));
    }

    [Fact]
    public void An_answered_change_missing_from_the_feed_is_a_problem()
    {
        FeedSummary summary = FeedCheck.Check([Entry(1, "Started", "a", "Waiting", "Waiting")], Calls);
        Assert.Contains(summary.Problems, p => p.Contains("not in the feed (lost)", StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_applied_twice_is_a_problem()
    {
        FeedSummary summary = FeedCheck.Check(
            [Entry(1, "Started", "a", "Waiting", "Waiting"), Entry(2, "Transition", "a", "Waiting", "Active", "Accept"), Entry(3, "Transition", "a", "Active", "Active", "Message"), Entry(4, "Transition", "a", "Active", "Active", "Message")],
            [.. Calls, new("p", "a", "Apply", Silo.Chats.ChatEvent.Message, "r3", Applied with { Position = 3, From = "Active", To = "Active" })]);
        Assert.Contains(summary.Problems, p => p.Contains("Message is in the feed 2 times, but was answered as applied 1 times", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_open_chats_in_a_partition_break_the_rule()
    {
        FeedSummary summary = FeedCheck.Check([Entry(1, "Started", "a", "Waiting", "Waiting"), Entry(2, "Started", "b", "Waiting", "Waiting")], []);
        Assert.Contains(summary.Problems, p => p.Contains("2 chats open at once", StringComparison.Ordinal));
    }

    [Fact]
    public void A_change_that_does_not_follow_the_sessions_status_is_a_problem()
    {
        FeedSummary summary = FeedCheck.Check([Entry(1, "Started", "a", "Waiting", "Waiting"), Entry(2, "TimerFired", "a", "Idle", "Ended")], []);
        Assert.Contains(summary.Problems, p => p.Contains("from Idle, but it was Waiting", StringComparison.Ordinal));
    }

    [Fact]
    public void An_answer_replayed_to_a_retry_counts_once_and_a_second_application_is_still_a_problem()
    {
        // The first attempt's answer was lost with its silo; the client's retry got the stored answer.
        Call[] replayed = [Calls[0], new("p", "a", "Apply", Silo.Chats.ChatEvent.Accept, "r2", Applied with { Replayed = true })];
        ClusterFeedEntry[] once = [Entry(1, "Started", "a", "Waiting", "Waiting"), Entry(2, "Transition", "a", "Waiting", "Active", "Accept")];
        Assert.Empty(FeedCheck.Check(once, replayed).Problems);

        ClusterFeedEntry[] twice = [.. once, Entry(3, "Transition", "a", "Active", "Active", "Accept")];
        Assert.Contains(FeedCheck.Check(twice, replayed).Problems, p => p.Contains("Accept is in the feed 2 times, but was answered as applied 1 times", StringComparison.Ordinal));
    }
}
