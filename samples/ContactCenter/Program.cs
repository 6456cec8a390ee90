using System.Globalization;
using ContactCenter;
using SessionDsl;
using SessionDsl.Messaging;

// One simulated day of contact-center traffic, replayed through SessionDsl's session host on a SQLite store. The
// simulation lives in ContactCenterSimulation; this file only reads the command line and prints the report.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

CommandLine commandLine = CommandLine.Parse(args, () => Random.Shared.Next());
if (commandLine.ShowHelp)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

if (commandLine.Options is not { } options)
{
    Console.Error.WriteLine($"ContactCenter: {commandLine.Error}");
    Console.Error.WriteLine("Run with --help for usage.");
    return 2;
}

SimulationReport report = new ContactCenterSimulation().Run(options);
ReportPrinter.Print(report, Console.Out);
return 0;

/// <summary>Prints a <see cref="SimulationReport"/> as plain-text tables.</summary>
internal static class ReportPrinter
{
    private static readonly MessagingSessionStatus[] AllStatuses = Enum.GetValues<MessagingSessionStatus>();

    public static void Print(SimulationReport report, TextWriter output)
    {
        SimulationOptions options = report.Options;
        TrafficMix traffic = report.Traffic;
        output.WriteLine($"SessionDsl contact center: one simulated day ({options.DayStart:yyyy-MM-dd}, UTC)");
        output.WriteLine($"  {report.Sessions:N0} sessions, seed {options.Seed} (repeat with: --sessions {options.Sessions} --seed {options.Seed})");
        output.WriteLine(options.ClusterSilos is { } silos
            ? $"  cluster: {silos} Orleans silos in this process, one grain per messaging user; state, reminders and the changes feed on {report.StorePath}; {report.FeedLength:N0} changes in its feed"
            : report.StorePath is { } store
            ? $"  store: {store} (SQLite, {(options.Durability == SessionDsl.Hosting.Durability.GroupCommit ? "group commit" : "a commit per call")}); {report.FeedLength:N0} changes in its feed"
            : $"  store: in memory; {report.FeedLength:N0} changes in its feed");
        if (report.ResumedAtStep > 0)
        {
            output.WriteLine($"  resumed: the store held this day up to step {report.ResumedAtStep:N0} of {report.Steps:N0}; the host restored its sessions and deadlines and the replay went on from there");
        }

        output.WriteLine(
            $"  capacity model: {traffic.TabBased:N0} tab-based, {traffic.StatusBased:N0} status-based; " +
            $"inactivity timeout set for {traffic.WithInactivityTimeout:N0} of {traffic.EnhancedSessions:N0} enhanced sessions");
        output.WriteLine(
            $"  automated notifications: {traffic.AutomatedNotifications:N0} ({traffic.KeptOpenNotifications:N0} kept open 48 h); " +
            $"opening messages tried in Enhanced Web Chat: {traffic.WebChatOpeningMessages:N0}");
        output.WriteLine();

        PrintFinalStatuses(report, output);
        PrintEvents(report, output);
        PrintTimers(report, output);

        output.WriteLine("Time");
        output.WriteLine($"  simulated span     {report.SimulatedFrom:yyyy-MM-dd HH:mm} to {report.SimulatedTo:yyyy-MM-dd HH:mm} UTC ({report.SimulatedSpan.TotalDays:0.0} days)");
        output.WriteLine($"                     last event {report.LastEventAt:yyyy-MM-dd HH:mm}, then {FormatSpan(options.SettlingTime)} more for pending timers");
        output.WriteLine($"  wall clock         {report.WallClock.TotalMilliseconds:N0} ms in all; {report.ReplayWallClock.TotalMilliseconds:N0} ms replaying events and timers");
        if (report.ResumedAtStep == 0)
        {
            output.WriteLine($"  throughput         {report.TransitionsPerSecond:N0} transitions/s (applied events and fired timers, per second of replay, stored)");
        }

        int overdue = report.Lifecycles.Sum(l => l.OpenWithOverdueDeadline);
        output.WriteLine($"  lost timers        {overdue} (open sessions whose next deadline has passed)");
    }

    private static void PrintFinalStatuses(SimulationReport report, TextWriter output)
    {
        output.WriteLine("Sessions by lifecycle and final status (\"-\": the lifecycle has no such status; not started: opening refused; merged: by rule)");
        const int NameWidth = 27;
        string header = "  " + "Lifecycle".PadRight(NameWidth) + Cell("Sessions", 9) + Cell("Not st.", 9) + Cell("Merged", 8) + string.Concat(AllStatuses.Select(s => Cell(s.ToString(), 9)));
        output.WriteLine(header);
        output.WriteLine("  " + new string('-', header.Length - 2));
        foreach (LifecycleReport lifecycle in report.Lifecycles)
        {
            output.WriteLine(
                "  " + lifecycle.Name.PadRight(NameWidth) + Cell(lifecycle.Sessions, 9) + Cell(lifecycle.Sessions - lifecycle.Started, 9) + Cell(lifecycle.Merged, 8)
                + string.Concat(AllStatuses.Select(s => lifecycle.Statuses.Contains(s) ? Cell(lifecycle.SessionsIn(s), 9) : Cell("-", 9))));
        }

        output.WriteLine("  " + new string('-', header.Length - 2));
        output.WriteLine(
            "  " + "Total".PadRight(NameWidth) + Cell(report.Sessions, 9) + Cell(report.Lifecycles.Sum(l => l.Sessions - l.Started), 9) + Cell(report.Lifecycles.Sum(l => l.Merged), 8)
            + string.Concat(AllStatuses.Select(s => Cell(report.SessionsIn(s), 9))));
        output.WriteLine();
    }

    private static void PrintEvents(SimulationReport report, TextWriter output)
    {
        output.WriteLine("Events");
        output.WriteLine($"  offered            {report.EventsOffered,10:N0}");
        output.WriteLine($"  applied            {report.TransitionsApplied,10:N0}  transitions");
        output.WriteLine($"  rejected           {report.EventsRejected,10:N0}  ({Percent(report.EventsRejected, report.EventsOffered)} of offered)");
        foreach (string outcome in new[] { nameof(TransitionOutcome.NotPermitted), nameof(TransitionOutcome.GuardRejected) }.Concat(report.Lifecycles.SelectMany(l => l.Rejections).Select(r => r.Outcome).Where(o => o.StartsWith("Rule ", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal)))
        {
            output.WriteLine($"    {outcome,-40} {report.Rejected(outcome),10:N0}");
        }

        output.WriteLine($"    {"for no session (never started, merged)",-40} {report.NoSessionEvents,10:N0}");

        output.WriteLine();
        output.WriteLine("  Rejected events by lifecycle (all guard rejections, and the most frequent others)");
        output.WriteLine($"  {"Lifecycle",-27}{"Status",-10}{"Event",-24}{"Outcome",-34}{"Count",8}");
        foreach (LifecycleReport lifecycle in report.Lifecycles)
        {
            IEnumerable<RejectionCount> shown = lifecycle.Rejections
                .Where(r => r.Outcome != nameof(TransitionOutcome.NotPermitted))
                .Concat(lifecycle.Rejections.Where(r => r.Outcome == nameof(TransitionOutcome.NotPermitted)).Take(4))
                .OrderByDescending(r => r.Count);
            foreach (RejectionCount rejection in shown)
            {
                output.WriteLine($"  {lifecycle.Name,-27}{rejection.Status,-10}{rejection.Event,-24}{rejection.Outcome,-34}{rejection.Count,8:N0}");
            }

            int others = lifecycle.Rejections.Count - shown.Count();
            if (others > 0)
            {
                long otherCount = lifecycle.Rejections.Sum(r => (long)r.Count) - shown.Sum(r => (long)r.Count);
                output.WriteLine($"  {lifecycle.Name,-27}{$"({others} other status/event pairs)",-68}{otherCount,8:N0}");
            }
        }

        output.WriteLine();
    }

    private static void PrintTimers(SimulationReport report, TextWriter output)
    {
        output.WriteLine($"Timers fired: {report.TimersFired:N0}");
        output.WriteLine($"  {"Lifecycle",-27}{"Timer",-29}{"From -> To",-20}{"Fired",8}   After (shortest .. longest)");
        foreach (LifecycleReport lifecycle in report.Lifecycles)
        {
            if (lifecycle.Timers.Count == 0)
            {
                output.WriteLine($"  {lifecycle.Name,-27}(declares no timers)");
            }

            foreach (TimerReport timer in lifecycle.Timers)
            {
                string path = $"{string.Join("/", timer.From)} -> {timer.To}";
                string waits = timer.ShortestWait is { } shortest && timer.LongestWait is { } longest
                    ? $"{FormatSpan(shortest)} .. {FormatSpan(longest)}"
                    : "-";
                output.WriteLine($"  {lifecycle.Name,-27}{timer.Name,-29}{path,-20}{timer.Fired,8:N0}   {waits}");
            }
        }

        output.WriteLine();
    }

    private static string Cell(string text, int width) => text.PadLeft(width);

    private static string Cell(long count, int width) => count.ToString("N0", CultureInfo.InvariantCulture).PadLeft(width);

    private static string Percent(long part, long whole) => whole == 0 ? "0%" : $"{100.0 * part / whole:0.0}%";

    // Hours for anything from an hour up, as the article states its timers (24 h, 30 h, 48 h).
    private static string FormatSpan(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{span.TotalHours:0.##} h" : $"{span.TotalMinutes:0.##} min";
}
