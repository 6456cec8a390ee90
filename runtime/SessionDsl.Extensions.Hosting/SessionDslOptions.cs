using SessionDsl.Hosting;

namespace SessionDsl.Extensions.Hosting;

/// <summary>
/// How <c>AddSessionDsl</c> runs its session host, in the options pattern: set it with
/// <see cref="SessionDslBuilder{TKey, TPartition, TStatus, TEvent}.Configure"/>, or bind it from configuration
/// (<c>services.Configure&lt;SessionDslOptions&gt;(configuration.GetSection("SessionDsl"))</c>).
/// </summary>
public sealed class SessionDslOptions
{
    /// <summary>When calls are durable (<see cref="SessionHostOptions.Durability"/>). Default: per call.</summary>
    public Durability Durability { get; set; } = Durability.PerCall;

    /// <summary>With group commit, how long changes wait for others (<see cref="SessionHostOptions.GroupCommitInterval"/>). Default 5 ms.</summary>
    public TimeSpan GroupCommitInterval { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The most changes one commit writes (<see cref="SessionHostOptions.MaxChangesPerCommit"/>). Default 5,000.</summary>
    public int MaxChangesPerCommit { get; set; } = 5_000;

    /// <summary>How often the hosted clock looks for due timers, and the timing wheel's unit (<see cref="SessionHostOptions.Tick"/>). Default one second.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many sessions to make room for at once (<see cref="SessionHostOptions.Capacity"/>). Default 1,024.</summary>
    public int Capacity { get; set; } = 1024;

    /// <summary>Renames to apply to what the store holds (<see cref="SessionHostOptions.Migration"/>).</summary>
    public StoreMigration Migration { get; set; } = new();

    /// <summary>
    /// Whether the hosted clock fires due timers (default true). Without it, timers fire only when a call touches their
    /// session or the application calls <c>Advance</c>.
    /// </summary>
    public bool RunClock { get; set; } = true;

    /// <summary>The clock lag past which the health check reports the host degraded. Default 30 seconds.</summary>
    public TimeSpan MaxClockLag { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the health check waits for the store to commit what the host has done. Default 5 seconds.</summary>
    public TimeSpan HealthCheckCommitTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
