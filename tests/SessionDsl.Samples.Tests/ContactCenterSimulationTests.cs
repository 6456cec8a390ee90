using System.Diagnostics;
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

        // Every scripted session was started and kept, merged away by a rule, or never started (its opening refused).
        Assert.All(day.Lifecycles, l => Assert.Equal(l.Started, l.FinalStatuses.Values.Sum() + l.Merged));
        Assert.All(day.Lifecycles, l => Assert.InRange(l.Started, 1, l.Sessions));
        Assert.All(day.Lifecycles, l => Assert.Equal(0, l.OpenWithOverdueDeadline));
        Assert.True(day.TransitionsApplied > day.Sessions);
        Assert.True(day.TimersFired > 0);
        Assert.Equal(day.EventsOffered, day.TransitionsApplied + day.EventsRejected);
    }

    [Fact]
    public void A_rep_may_not_open_a_session_while_the_users_previous_one_in_the_channel_is_open()
    {
        Assert.True(Day.Value.Rejected("Rule PreviousSessionMustBeClosed") > 0);
        Assert.All(
            Day.Value.Lifecycles.SelectMany(l => l.Rejections).Where(r => r.Outcome.StartsWith("Rule ", StringComparison.Ordinal)),
            r => Assert.Equal((MessagingSessionStatus.New, MessagingSessionEvent.OpeningMessage), (r.Status, r.Event)));
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

        // A bot's own timeout: 2 hours by default (service.messaging_auto_session_expiry_enhanced.htm), counted from its
        // last message, however many times it wrote.
        var botTimeout = Of("EnhancedCustomerInitiated").Timers.Single(t => t.Name == "BotTimeout");
        Assert.True(botTimeout.Fired > 0);
        Assert.Equal(TimeSpan.FromHours(2), botTimeout.ShortestWait);
        Assert.Equal(TimeSpan.FromHours(2), botTimeout.LongestWait);
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
    public void A_day_kept_in_a_sqlite_file_reports_what_the_same_day_in_memory_does()
    {
        using var folder = new Folder();
        var stored = new ContactCenterSimulation().Run(new SimulationOptions { Sessions = 4000, Seed = 11, StorePath = Path.Combine(folder.Path, "day.db") });

        Assert.True(File.Exists(Path.Combine(folder.Path, "day.db")));
        Assert.Equal(Counts(Day.Value), Counts(stored));
        Assert.Equal(Day.Value.FeedLength, stored.FeedLength);
    }

    [Fact]
    public void A_day_killed_part_way_and_run_again_ends_with_the_counts_of_an_uninterrupted_day()
    {
        using var folder = new Folder();
        string store = Path.Combine(folder.Path, "day.db");

        // The main job as a user runs it, killed by itself with SIGKILL after 20,000 steps.
        (int exitCode, string output) = RunMainJob("--sessions", "4000", "--seed", "11", "--store", store, "--crash-after", "20000");
        Assert.Equal(137, exitCode); // 128 + SIGKILL
        Assert.DoesNotContain("Timers fired", output);

        var resumed = new ContactCenterSimulation().Run(new SimulationOptions { Sessions = 4000, Seed = 11, StorePath = store });

        Assert.InRange(resumed.ResumedAtStep, 1, 20000);
        Assert.Equal(Counts(Day.Value), Counts(resumed));
        Assert.Equal(Day.Value.FeedLength, resumed.FeedLength);

        // Finished, the day is not resumed again: the next run starts afresh.
        Assert.Equal(0, new ContactCenterSimulation().Run(new SimulationOptions { Sessions = 4000, Seed = 11, StorePath = store }).ResumedAtStep);
    }

    [Fact]
    public void A_day_on_a_three_silo_cluster_reports_what_the_same_day_in_one_process_does()
    {
        // The cluster runs the same generated lifecycles and rule code, one grain per messaging user, on a real Redis
        // server: the same day must fold to the same counts, timers and refusals, from the cluster's own feed.
        var local = new ContactCenterSimulation().Run(new SimulationOptions { Sessions = 600, Seed = 12 });
        var cluster = new ContactCenterSimulation().Run(new SimulationOptions { Sessions = 600, Seed = 12, ClusterSilos = 3 });

        Assert.Equal(Counts(local), Counts(cluster));
        Assert.Equal(local.FeedLength, cluster.FeedLength);
        Assert.True(cluster.Lifecycles.Sum(l => l.Timers.Sum(t => t.Fired)) > 0, "no timer fired in the cluster's day");
    }

    private static string Counts(SimulationReport report) => string.Join(
        Environment.NewLine,
        report.Lifecycles.Select(l =>
            $"{l.Name} started {l.Started} merged {l.Merged} applied {l.TransitionsApplied} offered {l.EventsOffered} overdue {l.OpenWithOverdueDeadline}; "
            + string.Join(", ", l.FinalStatuses.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")) + "; "
            + string.Join(", ", l.Rejections.Select(r => $"{r.Status}/{r.Event}/{r.Outcome} {r.Count}")) + "; "
            + string.Join(", ", l.Timers.Select(t => $"{t.Name} {t.Fired} {t.ShortestWait}..{t.LongestWait}"))))
        + $"{Environment.NewLine}no session {report.NoSessionEvents}";

    private static (int ExitCode, string Output) RunMainJob(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(ContactCenterSimulation).Assembly.Location);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private sealed class Folder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("sessiondsl-sample-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    [Fact]
    public void Bad_options_are_refused_with_a_clear_error()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new ContactCenterSimulation().Run(new SimulationOptions { Sessions = 0 }));
        Assert.Contains("Sessions", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
