using SessionDsl.Hosting;

namespace ContactCenter;

/// <summary>What to simulate: how many sessions, which random script, which day.</summary>
public sealed record SimulationOptions
{
    /// <summary>Sessions in a default run: a mid-sized contact center's day.</summary>
    public const int DefaultSessions = 20_000;

    /// <summary>The largest run the sample accepts; the whole day's script is kept in memory.</summary>
    public const int MaxSessions = 2_000_000;

    /// <summary>How many sessions start during the day.</summary>
    public int Sessions { get; init; } = DefaultSessions;

    /// <summary>Seeds the traffic script; the same seed and session count replay the same day, count for count.</summary>
    public int Seed { get; init; }

    /// <summary>Midnight (UTC) at the start of the simulated day. A Monday, so the traffic has a working-day shape.</summary>
    public DateTimeOffset DayStart { get; init; } = new(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// How far the clock moves after the day's traffic (its last event) before every session is advanced. Three days
    /// outlast every timer of the shipped lifecycles (48 h no-reply; 30 h inactive, after at most 30 min of customer
    /// inactivity), so no session is left with a deadline pending.
    /// </summary>
    public TimeSpan SettlingTime { get; init; } = TimeSpan.FromDays(3);

    /// <summary>Where the main job keeps its store unless told otherwise: a folder it creates under the current one.</summary>
    public static string DefaultStorePath => Path.Combine("contact-center-data", "day.db");

    /// <summary>
    /// The SQLite file the day is kept in (its folder is created). A file holding an unfinished run of the same day
    /// (seed and sessions) is resumed; any other is replaced. Null runs the day with an in-memory store.
    /// </summary>
    public string? StorePath { get; init; }

    /// <summary>How the host commits: in groups every few milliseconds (the default), or every call on its own.</summary>
    public Durability Durability { get; init; } = Durability.GroupCommit;

    /// <summary>Kill the process (SIGKILL, no clean-up) right after this many replay steps; null runs the day to the end.</summary>
    public int? CrashAfterSteps { get; init; }

    /// <summary>The most silos <c>--cluster</c> starts in one process.</summary>
    public const int MaxSilos = 9;

    /// <summary>Run the day on an Orleans cluster of this many silos in this process (on a Redis server it starts); null for the single-process host.</summary>
    public int? ClusterSilos { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Sessions, 1, nameof(Sessions));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Sessions, MaxSessions, nameof(Sessions));
        ArgumentOutOfRangeException.ThrowIfLessThan(SettlingTime, TimeSpan.Zero, nameof(SettlingTime));
        if (ClusterSilos is { } silos)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1, nameof(ClusterSilos));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(silos, MaxSilos, nameof(ClusterSilos));
        }

        if (CrashAfterSteps is { } crash)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(crash, 1, nameof(CrashAfterSteps));
        }
    }
}
