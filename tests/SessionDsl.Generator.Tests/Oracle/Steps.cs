namespace SessionDsl.Generator.Tests.Oracle;

/// <summary>One thing done to a session; times are absolute UTC ticks, so a list of steps replays as it ran.</summary>
internal abstract record Step
{
    public abstract string Describe(LifecycleFacts facts, long origin);

    protected static string StatusName(LifecycleFacts facts, int status) =>
        status < facts.StatusNames.Count ? facts.StatusNames[status] : $"(status){status}";

    protected static string EventName(LifecycleFacts facts, int @event) =>
        @event < facts.EventNames.Count ? facts.EventNames[@event] : $"(event){@event}";

    protected static string Time(long ticks, long origin) => $"t0{Durations.Offset(ticks - origin)}";
}

/// <summary><c>Fire(status, event, options)</c>: pure, the session is not involved.</summary>
internal sealed record FireStep(int Status, int Event) : Step
{
    public override string Describe(LifecycleFacts facts, long origin) => $"Fire({StatusName(facts, Status)}, {EventName(facts, Event)})";
}

internal sealed record ApplyStep(int Event, long At) : Step
{
    public override string Describe(LifecycleFacts facts, long origin) => $"Apply({EventName(facts, Event)}) at {Time(At, origin)}";
}

internal sealed record AdvanceStep(long At) : Step
{
    public override string Describe(LifecycleFacts facts, long origin) => $"Advance at {Time(At, origin)}";
}

/// <summary>The session replaced by one rebuilt from stored values (<c>new SessionState(status, enteredAt, countdowns…)</c>).</summary>
internal sealed record RestoreStep(int Status, long Entered, long[] Countdowns) : Step
{
    public override string Describe(LifecycleFacts facts, long origin) =>
        $"Restore({StatusName(facts, Status)}, entered {Time(Entered, origin)}, countdowns [{string.Join(", ", Countdowns.Select(c => c == 0 ? "-" : Time(c, origin)))}])";
}

/// <summary>A session, its options, how it started and what was done to it: enough to replay a disagreement.</summary>
internal sealed record Scenario(IReadOnlyDictionary<string, OptionValue>? Options, int Initial, long Origin, IReadOnlyList<Step> Steps);
