using System.Globalization;

namespace ContactCenter;

/// <summary>The sample's command line: <c>--sessions N</c>, <c>--seed S</c>, <c>--store FILE</c>, <c>--in-memory</c>, <c>--per-call</c>, <c>--crash-after N</c>, <c>--cluster N</c>, <c>--help</c>.</summary>
/// <param name="Options">What to simulate, when the arguments are valid.</param>
/// <param name="ShowHelp">True when usage was asked for.</param>
/// <param name="Error">What is wrong with the arguments, or null.</param>
internal sealed record CommandLine(SimulationOptions? Options, bool ShowHelp, string? Error)
{
    public const string Usage =
        """
        Usage: ContactCenter [--sessions N] [--seed S] [--store FILE | --in-memory] [--per-call] [--crash-after N]
                             [--cluster N]

        Replays one simulated day of contact-center messaging traffic through SessionDsl's session host, with the four
        messaging-session lifecycles (enhanced and standard, customer- and business-initiated) and their rules, on a
        fake clock, keeping every session in a SQLite store; then prints what happened: final statuses, applied and
        refused events, timers fired, and throughput.

        Options:
          --sessions N     sessions that start during the day (1 to 2,000,000; default 20,000)
          --seed S         seed of the day's traffic (an integer); the same seed and session count repeat the same
                           counts. Without it, a random seed is chosen and printed.
          --store FILE     the SQLite file to keep the day in (default contact-center-data/day.db; the folder is
                           created). A file holding an unfinished run of the same day is resumed.
          --in-memory      keep the day in memory instead
          --per-call       commit every call on its own (default: group commit every few milliseconds)
          --crash-after N  kill the process (SIGKILL) after N replay steps; run again with the same --seed and
                           --sessions to resume the day from the store
          --cluster N      run the day on an Orleans cluster of N silos (1 to 9) in this process instead, one grain
                           per messaging user, with state, reminders and the changes feed on a Redis server the
                           job starts on a loopback port and stops (needs redis-server installed); same report
          -h, --help       print this help
        """;

    /// <summary>Parses <paramref name="args"/>; <paramref name="randomSeed"/> supplies the seed when none is given.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, Func<int> randomSeed)
    {
        int sessions = SimulationOptions.DefaultSessions;
        int? seed = null;
        int? crashAfter = null;
        string? store = SimulationOptions.DefaultStorePath;
        var durability = SessionDsl.Hosting.Durability.GroupCommit;
        int? cluster = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help" or "-?" or "/?")
            {
                return new CommandLine(null, ShowHelp: true, Error: null);
            }

            // Accept both "--sessions 100" and "--sessions=100".
            string name = arg;
            string? value = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }

            switch (name)
            {
                case "--in-memory":
                    store = null;
                    break;
                case "--per-call":
                    durability = SessionDsl.Hosting.Durability.PerCall;
                    break;
                case "--store":
                    if (value is null)
                    {
                        if (i + 1 >= args.Count)
                        {
                            return Fail("--store needs a file path.");
                        }

                        value = args[++i];
                    }

                    store = value;
                    break;
                case "--sessions":
                case "--seed":
                case "--crash-after":
                case "--cluster":
                    if (value is null)
                    {
                        if (i + 1 >= args.Count)
                        {
                            return Fail($"{name} needs a value.");
                        }

                        value = args[++i];
                    }

                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
                    {
                        return Fail($"{name} must be an integer; got '{value}'.");
                    }

                    if (name == "--cluster")
                    {
                        if (number is < 1 or > SimulationOptions.MaxSilos)
                        {
                            return Fail($"--cluster must be between 1 and {SimulationOptions.MaxSilos} silos; got {number}.");
                        }

                        cluster = number;
                    }
                    else if (name == "--seed")
                    {
                        seed = number;
                    }
                    else if (name == "--crash-after")
                    {
                        if (number < 1)
                        {
                            return Fail($"--crash-after must be at least 1; got {number}.");
                        }

                        crashAfter = number;
                    }
                    else if (number is < 1 or > SimulationOptions.MaxSessions)
                    {
                        return Fail($"--sessions must be between 1 and {SimulationOptions.MaxSessions:N0}; got {number}.");
                    }
                    else
                    {
                        sessions = number;
                    }

                    break;
                default:
                    return Fail($"unknown argument '{arg}'.");
            }
        }

        if (cluster is not null && crashAfter is not null)
        {
            return Fail("--crash-after kills the single-process host; the cluster's failures are tested by tests/SessionDsl.Orleans.Tests (silos killed with SIGKILL). Use one or the other.");
        }

        return new CommandLine(
            new SimulationOptions { Sessions = sessions, Seed = seed ?? randomSeed(), StorePath = cluster is null ? store : null, Durability = durability, CrashAfterSteps = crashAfter, ClusterSilos = cluster },
            ShowHelp: false,
            Error: null);
    }

    private static CommandLine Fail(string error) => new(null, ShowHelp: false, Error: error);
}
