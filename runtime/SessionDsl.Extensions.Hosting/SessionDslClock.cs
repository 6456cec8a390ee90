using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SessionDsl.Hosting;

namespace SessionDsl.Extensions.Hosting;

/// <summary>
/// The session host's life in the Generic Host: on start, the host is made and opened (restoring its sessions and
/// firing what came due while the service was down) before the service takes requests; then its clock fires due
/// timers every tick; on stop, the clock stops, every pending change is committed, and the store is closed.
/// </summary>
internal sealed class SessionDslClock<TKey, TPartition, TStatus, TEvent>(
    IServiceProvider services,
    SessionDslRegistration<TKey, TPartition, TStatus, TEvent> registration,
    IOptions<SessionDslOptions> options) : BackgroundService
    where TKey : notnull, IEquatable<TKey>
    where TPartition : notnull, IEquatable<TPartition>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    private SessionHost<TKey, TPartition, TStatus, TEvent>? _host;
    private PeriodicTimer? _timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        SessionHost<TKey, TPartition, TStatus, TEvent> host = services.GetRequiredService<SessionHost<TKey, TPartition, TStatus, TEvent>>(); // made and opened here
        _host = host;
        if (!options.Value.RunClock)
        {
            return Task.CompletedTask;
        }

        // The timer exists before the application runs (ExecuteAsync may start later, on its own task), so no tick of
        // the clock between the two is missed.
        _timer = new PeriodicTimer(host.Tick, registration.Time);
        registration.Clock.Started(registration.Time);
        Log.ClockStarted(registration.Telemetry.Logger, host.Tick);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SessionHost<TKey, TPartition, TStatus, TEvent> host = _host!;
        ClockState clock = registration.Clock;
        using PeriodicTimer timer = _timer!;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Tick(host, clock);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            clock.Stopped();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false); // the clock stops first: no timer fires after this
        if (_host is not { } host)
        {
            return;
        }

        long position = host.LastPosition;
        Log.Stopping(registration.Telemetry.Logger, position);
        int sessions = host.Count;
        try
        {
            await host.DisposeAsync().ConfigureAwait(false); // commits what is pending (a group commit at once), then closes the store
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.FlushFailed(registration.Telemetry.Logger, host.DurablePosition, position, e);
            return;
        }

        if (host.DurablePosition < position)
        {
            Log.FlushFailed(registration.Telemetry.Logger, host.DurablePosition, position, null);
            return;
        }

        Log.Stopped(registration.Telemetry.Logger, sessions, host.DurablePosition);
    }

    private void Tick(SessionHost<TKey, TPartition, TStatus, TEvent> host, ClockState clock)
    {
        try
        {
            int fired = host.Advance();
            bool recovered = clock.LastError is not null;
            clock.Ran();
            if (recovered)
            {
                Log.ClockRecovered(registration.Telemetry.Logger, fired);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Logged once until it recovers: a store that is down fails every tick.
            if (clock.LastError is null)
            {
                Log.ClockFailed(registration.Telemetry.Logger, e);
            }

            clock.Failed(e);
        }
    }
}
