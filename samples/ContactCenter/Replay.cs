using Microsoft.Extensions.Time.Testing;
using SessionDsl.Hosting;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace ContactCenter;

/// <summary>What a host did with one step, as the replay tallies it.</summary>
/// <param name="Outcome">The host's outcome.</param>
/// <param name="From">The status the session was in when the lifecycle or the rule was asked.</param>
/// <param name="Verdict">For a refusal: the lifecycle's verdict (<c>NotPermitted</c>, ...) or the rule's name.</param>
/// <param name="Message">What happened, in words.</param>
internal readonly record struct StepResult(HostOutcome Outcome, S From, string? Verdict, string Message);

/// <summary>Where the replay sends the day's steps: the single-process host, or the cluster's client.</summary>
internal interface IDayHost
{
    bool Exists(int session);

    StepResult Start(int session, SessionPlan plan, E? firstEvent);

    StepResult Apply(int session, SessionPlan plan, E @event, string? reason);
}

/// <summary>One replay: which sessions exist, and the tallies of refused events. The same for either host.</summary>
internal sealed class Replay(IDayHost host, TrafficScript script, FakeTimeProvider clock)
{
    private readonly bool[] _created = new bool[script.Sessions.Length];

    public RefusalTallies Tallies { get; } = new();

    /// <summary>After a resume: which sessions the steps already replayed created, read back from the host.</summary>
    public void Recreated(ReadOnlySpan<ReplayStep> done)
    {
        foreach (ReplayStep step in done)
        {
            _created[step.Session] |= host.Exists(step.Session) || WasStartedAndLeft(step.Session);
        }
    }

    // A session that was created and then merged away is gone from the host but was created all the same.
    private bool WasStartedAndLeft(int session) => Tallies.Merged.Contains(session);

    /// <summary>Runs one step; true when the tallies of refused events changed.</summary>
    public bool Run(ReplayStep step)
    {
        SessionPlan plan = script.Sessions[step.Session];
        bool business = plan.Lifecycle is LifecycleKind.EnhancedBusinessInitiated or LifecycleKind.StandardBusinessInitiated;
        if (step.Event < 0)
        {
            // A rep's opening message or a flow's notification creates a business-initiated session: its event step does it.
            if (business && plan.EventCount > 0 && script.Events[plan.FirstEvent].Event is E.OpeningMessage or E.AutomatedNotification)
            {
                return false;
            }

            return Count(step.Session, Start(step.Session, plan, firstEvent: null), default, plan.StartStatus);
        }

        E @event = script.Events[plan.FirstEvent + step.Event].Event;
        if (!_created[step.Session])
        {
            if (business && @event is E.OpeningMessage or E.AutomatedNotification)
            {
                return Count(step.Session, Start(step.Session, plan, @event), @event, plan.StartStatus);
            }

            Tallies.NoSession++;
            return true;
        }

        // A record failure carries its cause: the same user failing for the same cause again updates the earlier session.
        string? reason = @event == E.RecordFailure ? FailureCause(plan.Partition) : null;
        StepResult result = host.Apply(step.Session, plan, @event, reason);
        return Count(step.Session, result, @event, result.From);
    }

    private StepResult Start(int session, SessionPlan plan, E? firstEvent)
    {
        StepResult result = host.Start(session, plan, firstEvent);
        _created[session] = result.Outcome is HostOutcome.Started or HostOutcome.Applied or HostOutcome.Deleted or HostOutcome.Merged;
        return result;
    }

    private bool Count(int session, StepResult result, E @event, S status)
    {
        switch (result.Outcome)
        {
            case HostOutcome.Started or HostOutcome.Applied or HostOutcome.Deleted:
                return false;
            case HostOutcome.Merged:
                Tallies.Merged.Add(session);
                return true;
            case HostOutcome.EventRefused:
                Tallies.Add(script.Sessions[session].Lifecycle, status, @event, result.Verdict!);
                return true;
            case HostOutcome.RuleRefused:
                Tallies.Add(script.Sessions[session].Lifecycle, status, @event, "Rule " + result.Verdict);
                return true;
            case HostOutcome.UnknownSession:
                Tallies.NoSession++;
                return true;
            default:
                throw new InvalidOperationException($"Step for session {session} at {clock.GetUtcNow():O}: {result.Message}");
        }
    }

    // Misconfigured triggers or field requirements cause errors (the seed); each user meets one of two faults, the
    // same in every run (string.GetHashCode differs between processes, so the digits decide).
    private static string FailureCause(string partition) =>
        partition.Sum(c => (int)c) % 2 == 0 ? "A misconfigured trigger on Messaging Session" : "A required field missing on Messaging User";
}
