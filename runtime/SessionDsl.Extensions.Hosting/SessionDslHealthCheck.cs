using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SessionDsl.Hosting;

namespace SessionDsl.Extensions.Hosting;

/// <summary>
/// Whether the session host can do its job: open, its store committing (everything the host has done is committed
/// within <see cref="SessionDslOptions.HealthCheckCommitTimeout"/>) and readable, and its clock not lagging past
/// <see cref="SessionDslOptions.MaxClockLag"/>.
/// </summary>
internal sealed class SessionDslHealthCheck<TKey, TPartition, TStatus, TEvent>(
    SessionDslRegistration<TKey, TPartition, TStatus, TEvent> registration,
    IOptions<SessionDslOptions> options) : IHealthCheck
    where TKey : notnull, IEquatable<TKey>
    where TPartition : notnull, IEquatable<TPartition>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (registration.Host is not { } host)
        {
            return HealthCheckResult.Unhealthy("The session host is not open yet.");
        }

        SessionDslOptions settings = options.Value;
        TimeSpan lag = registration.Clock.Lag;
        long position = host.LastPosition;
        var data = new Dictionary<string, object>
        {
            ["sessions"] = host.Count,
            ["pendingDeadlines"] = host.PendingDeadlines,
            ["lastPosition"] = position,
            ["durablePosition"] = host.DurablePosition,
            ["clockLagSeconds"] = lag.TotalSeconds,
        };
        if (registration.StoreFactory is not null)
        {
            try
            {
                await host.WhenDurableAsync(position, cancellationToken).AsTask().WaitAsync(settings.HealthCheckCommitTimeout, cancellationToken).ConfigureAwait(false);
                host.ReadCheckpoint("sessiondsl.health"); // a read of the store: the file is there and readable
            }
            catch (TimeoutException)
            {
                return HealthCheckResult.Unhealthy($"The store has not committed position {position} within {settings.HealthCheckCommitTimeout}.", data: data);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"The store is failing: {e.Message}", e, data);
            }
        }

        if (settings.RunClock && registration.Clock.LastError is { } clockError)
        {
            return HealthCheckResult.Degraded($"The clock has not advanced for {lag}; its last advance failed: {clockError.Message}", clockError, data);
        }

        if (settings.RunClock && lag > settings.MaxClockLag)
        {
            return HealthCheckResult.Degraded($"The clock is {lag} behind (more than {settings.MaxClockLag}): timers fire late.", data: data);
        }

        return HealthCheckResult.Healthy($"{host.Count} sessions, {host.PendingDeadlines} pending deadlines, committed up to position {host.DurablePosition}.", data);
    }
}
