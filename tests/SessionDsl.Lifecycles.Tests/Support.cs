using Microsoft.Extensions.Time.Testing;
using SessionDsl.Messaging;

namespace SessionDsl.Lifecycles.Tests;

internal static class Clock
{
    public static readonly DateTimeOffset Morning = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Start() => new(Morning);
}

/// <summary>Records every timer a lifecycle fires, in order.</summary>
internal struct TimerLog : ITimerObserver<MessagingSessionStatus>
{
    public List<(int Timer, MessagingSessionStatus From, MessagingSessionStatus To, DateTimeOffset DueAt)> Fired;

    public TimerLog() => Fired = new();

    public readonly void OnTimerFired(int timerIndex, MessagingSessionStatus from, MessagingSessionStatus to, long dueAtTicks) =>
        Fired.Add((timerIndex, from, to, new DateTimeOffset(dueAtTicks, TimeSpan.Zero)));
}

/// <summary>Counts fired timers without allocating.</summary>
internal struct TimerCounter : ITimerObserver<MessagingSessionStatus>
{
    public int Count;

    public void OnTimerFired(int timerIndex, MessagingSessionStatus from, MessagingSessionStatus to, long dueAtTicks) => Count++;
}
