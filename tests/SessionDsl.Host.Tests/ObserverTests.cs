using Microsoft.Extensions.Time.Testing;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using SessionDsl.Messaging;
using Xunit;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Host.Tests;

/// <summary>SessionHostOptions.Observer: told of every call, timer and commit, in order; its failures never reach the host.</summary>
public class ObserverTests
{
    private static SessionHost<string, string, S, E> Open(SessionHostOptions.HostObserver observer, FakeTimeProvider time, out LifecycleHandle<EnhancedCustomerInitiated.Options> customer, out LifecycleHandle<EnhancedBusinessInitiated.Options> business)
    {
        var host = new SessionHost<string, string, S, E>(new SessionHostOptions { TimeProvider = time, Store = new InMemorySessionStore(), Observer = observer });
        customer = host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>();
        business = host.Register<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>();
        host.Open();
        return host;
    }

    [Fact]
    public void Calls_timers_and_commits_are_reported_as_they_happen()
    {
        var observer = new Recorder();
        var time = new FakeTimeProvider(Messaging.Start);
        using var host = Open(observer, time, out var customer, out var business);

        host.Start("chat-1", "ann/WhatsApp", customer, Messaging.TenMinutes).OrThrow();
        host.Apply("chat-1", E.Accept).OrThrow();
        host.Apply("chat-1", E.RepMessage).OrThrow();
        host.Apply("chat-1", E.Accept); // refused by the lifecycle: Active has no Accept
        host.Start("out-7", "ann/WhatsApp", business, Messaging.RepTenMinutes, firstEvent: E.OpeningMessage); // refused by rule
        host.Apply("nobody", E.Accept);
        time.Advance(TimeSpan.FromMinutes(11));
        host.Advance();
        host.Delete("chat-1");

        Assert.Equal(
            string.Join('\n',
            [
                "Start EnhancedCustomerInitiated chat-1 - Started  ->Waiting",
                "Apply EnhancedCustomerInitiated chat-1 Accept Applied  Waiting->Active",
                "Apply EnhancedCustomerInitiated chat-1 RepMessage Applied  Active->Active",
                "Apply EnhancedCustomerInitiated chat-1 Accept EventRefused NotPermitted Active->",
                "Start EnhancedBusinessInitiated out-7 OpeningMessage RuleRefused PreviousSessionMustBeClosed ->",
                "Apply - nobody Accept UnknownSession  ->",
                "Timer EnhancedCustomerInitiated CustomerInactivityCountdown chat-1 Active->Inactive late 00:01:00",
                "Delete EnhancedCustomerInitiated chat-1 - RuleRefused OnlyClosedSessionsCanBeDeleted Inactive->",
            ]),
            string.Join('\n', observer.Calls));
        Assert.Equal(4, observer.Commits.Count); // a start, two events, a timer: one commit each, per call; refusals write nothing
        Assert.All(observer.Commits, c => Assert.True(c.Error is null && c.Changes == 1 && c.Durability == Durability.PerCall));
        Assert.Equal(host.LastPosition, observer.Commits[^1].LastPosition);
    }

    [Fact]
    public void An_observer_that_throws_changes_nothing_the_host_does()
    {
        var time = new FakeTimeProvider(Messaging.Start);
        using var host = Open(new Throwing(), time, out var customer, out _);

        HostResult<string, S, E> started = host.Start("chat-1", "ann/Sms", customer, Messaging.TenMinutes);
        host.Apply("chat-1", E.Accept).OrThrow();
        host.Apply("chat-1", E.RepMessage).OrThrow();
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(HostOutcome.Started, started.Outcome);
        Assert.Equal(1, host.Advance());
        Assert.Equal(S.Inactive, host.Get("chat-1").Status);
        Assert.Equal(4, host.LastPosition);
    }

    private sealed class Recorder : SessionHostOptions.HostObserver
    {
        public List<string> Calls { get; } = [];

        public List<SessionHostOptions.HostObserver.Commit> Commits { get; } = [];

        public override void OnCall(in SessionHostOptions.HostObserver.Call call) =>
            Calls.Add($"{call.Kind} {call.Lifecycle ?? "-"} {call.Key} {call.Event ?? "-"} {call.Outcome} {(call.Rule ?? (call.Transition is TransitionOutcome.Applied or TransitionOutcome.None ? "" : call.Transition.ToString()))} {call.From}->{call.To}");

        public override void OnTimerFired(in SessionHostOptions.HostObserver.TimerFired timer) =>
            Calls.Add($"Timer {timer.Lifecycle} {timer.Timer} {timer.Key} {timer.From}->{timer.To} late {timer.Lateness}");

        public override void OnCommit(in SessionHostOptions.HostObserver.Commit commit) => Commits.Add(commit);
    }

    private sealed class Throwing : SessionHostOptions.HostObserver
    {
        public override void OnCall(in SessionHostOptions.HostObserver.Call call) => throw new InvalidOperationException("observer");

        public override void OnTimerFired(in SessionHostOptions.HostObserver.TimerFired timer) => throw new InvalidOperationException("observer");

        public override void OnCommit(in SessionHostOptions.HostObserver.Commit commit) => throw new InvalidOperationException("observer");
    }
}
