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

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Sessions, 1, nameof(Sessions));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Sessions, MaxSessions, nameof(Sessions));
        ArgumentOutOfRangeException.ThrowIfLessThan(SettlingTime, TimeSpan.Zero, nameof(SettlingTime));
    }
}
