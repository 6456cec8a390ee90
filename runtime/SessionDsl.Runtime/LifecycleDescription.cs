namespace SessionDsl;

/// <summary>A lifecycle's definition as data: states, events, options, transitions and timers, in declaration order.</summary>
/// <typeparam name="TStatus">The lifecycle's status enum.</typeparam>
/// <typeparam name="TEvent">The lifecycle's event enum.</typeparam>
public sealed class LifecycleDescription<TStatus, TEvent>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    /// <summary>Creates a description. Generated lifecycles call this once, in their static initializer.</summary>
    public LifecycleDescription(
        string name,
        string sourcePath,
        string description,
        string? platform,
        IReadOnlyList<StateInfo<TStatus>> states,
        IReadOnlyList<EventInfo<TEvent>> events,
        IReadOnlyList<OptionInfo> options,
        IReadOnlyList<TransitionInfo<TStatus, TEvent>> transitions,
        IReadOnlyList<TimerInfo<TStatus, TEvent>> timers,
        string mermaid,
        IReadOnlyList<RuleInfo<TStatus, TEvent>>? rules = null)
    {
        Name = name;
        SourcePath = sourcePath;
        Description = description;
        Platform = platform;
        States = states;
        Events = events;
        Options = options;
        Transitions = transitions;
        Timers = timers;
        Mermaid = mermaid;
        Rules = rules ?? [];
    }

    /// <summary>The lifecycle's name (<c>lifecycle:</c> in the YAML).</summary>
    public string Name { get; }

    /// <summary>The definition file's name, as given to the compiler.</summary>
    public string SourcePath { get; }

    /// <summary>The lifecycle's one-line description.</summary>
    public string Description { get; }

    /// <summary>The platform the definition declares (<c>platform:</c>), if any.</summary>
    public string? Platform { get; }

    /// <summary>The states this lifecycle uses, in declaration order.</summary>
    public IReadOnlyList<StateInfo<TStatus>> States { get; }

    /// <summary>The events this lifecycle reacts to, in declaration order.</summary>
    public IReadOnlyList<EventInfo<TEvent>> Events { get; }

    /// <summary>The options guards and timers read.</summary>
    public IReadOnlyList<OptionInfo> Options { get; }

    /// <summary>The transitions, in declaration order; <see cref="TransitionResult{TStatus, TEvent}.TransitionIndex"/> indexes this list.</summary>
    public IReadOnlyList<TransitionInfo<TStatus, TEvent>> Transitions { get; }

    /// <summary>The timers, in declaration order; timer observers receive indexes into this list.</summary>
    public IReadOnlyList<TimerInfo<TStatus, TEvent>> Timers { get; }

    /// <summary>The lifecycle as a Mermaid <c>stateDiagram-v2</c>.</summary>
    public string Mermaid { get; }

    /// <summary>The rules across the sessions of one partition (<c>rules:</c>), in declaration order.</summary>
    public IReadOnlyList<RuleInfo<TStatus, TEvent>> Rules { get; }
}

/// <summary>A state of a lifecycle.</summary>
public sealed record StateInfo<TStatus>(TStatus Status, bool IsInitial, bool IsFinal, string Description)
    where TStatus : struct, Enum;

/// <summary>An event a lifecycle reacts to.</summary>
public sealed record EventInfo<TEvent>(TEvent Event, string Description)
    where TEvent : struct, Enum;

/// <summary>The kind of value an option holds.</summary>
public enum OptionKind
{
    /// <summary>One of a closed set of names.</summary>
    Enumeration,

    /// <summary>True or false.</summary>
    Boolean,

    /// <summary>A length of time, possibly absent.</summary>
    Duration,
}

/// <summary>An option of a deployment or a session that guards and timers read.</summary>
/// <param name="Name">The option's name in the YAML (a property of the generated <c>Options</c> in PascalCase).</param>
/// <param name="Kind">What kind of value it holds.</param>
/// <param name="Values">For an enumeration: its members, in order; otherwise empty.</param>
/// <param name="Default">The default value in the DSL's own form (an enum value's name, <c>true</c>/<c>false</c>, a duration in its shortest spelling: <c>90s</c> reads back as <c>1m30s</c>), or null when the option is absent by default.</param>
/// <param name="Minimum">For a duration: the smallest allowed value.</param>
/// <param name="Maximum">For a duration: the largest allowed value.</param>
/// <param name="Description">What the option means.</param>
public sealed record OptionInfo(
    string Name,
    OptionKind Kind,
    IReadOnlyList<string> Values,
    string? Default,
    TimeSpan? Minimum,
    TimeSpan? Maximum,
    string Description);

/// <summary>A transition of a lifecycle, as declared.</summary>
/// <param name="Index">Its position in declaration order.</param>
/// <param name="From">The states it leaves from.</param>
/// <param name="Event">The event that triggers it.</param>
/// <param name="To">The state it leads to.</param>
/// <param name="Guard">Its <c>when:</c> guard in the DSL's own form (<c>not</c>, <c>and</c>, <c>or</c>, with parentheses only where needed: <c>!a &amp;&amp; b</c> reads back as <c>not a and b</c>), meaning what the definition's guard means; or null.</param>
/// <param name="Because">Why it exists: a quote or citation of the source, or the stated inference.</param>
/// <param name="Line">Its line in the definition file (1-based).</param>
public sealed record TransitionInfo<TStatus, TEvent>(
    int Index,
    IReadOnlyList<TStatus> From,
    TEvent Event,
    TStatus To,
    string? Guard,
    string Because,
    int Line)
    where TStatus : struct, Enum
    where TEvent : struct, Enum;

/// <summary>How a timer measures its time.</summary>
public enum TimerKind
{
    /// <summary>Counts from the moment its state was entered.</summary>
    InState,

    /// <summary>Counts from the last time one of its start events was applied; cancel events and leaving its states stop it.</summary>
    Countdown,
}

/// <summary>A timer of a lifecycle, as declared.</summary>
/// <param name="Index">Its position in declaration order.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">In-state timer or countdown.</param>
/// <param name="States">The states in which it runs.</param>
/// <param name="After">The duration as written: a literal such as <c>30h</c>, or an option's name.</param>
/// <param name="Duration">The duration when it is a literal; null when it comes from an option.</param>
/// <param name="To">The state it leads to when it fires.</param>
/// <param name="Guard">Its <c>when:</c> guard in the DSL's own form (<c>not</c>, <c>and</c>, <c>or</c>, with parentheses only where needed: <c>!a &amp;&amp; b</c> reads back as <c>not a and b</c>), meaning what the definition's guard means; or null.</param>
/// <param name="StartOn">For a countdown: the events that start or restart it.</param>
/// <param name="CancelOn">For a countdown: the events that stop it.</param>
/// <param name="Restart">
/// For a countdown: whether a start event restarts it while it is running (<c>restart: true</c>, the default) or leaves
/// it counting from the first start (<c>restart: false</c>); true for an in-state timer.
/// </param>
/// <param name="CountdownSlot">For a countdown: its slot in <see cref="SessionState{TStatus}"/>; otherwise -1.</param>
/// <param name="Because">Why it exists.</param>
/// <param name="Line">Its line in the definition file (1-based).</param>
public sealed record TimerInfo<TStatus, TEvent>(
    int Index,
    string Name,
    TimerKind Kind,
    IReadOnlyList<TStatus> States,
    string After,
    TimeSpan? Duration,
    TStatus To,
    string? Guard,
    IReadOnlyList<TEvent> StartOn,
    IReadOnlyList<TEvent> CancelOn,
    bool Restart,
    int CountdownSlot,
    string Because,
    int Line)
    where TStatus : struct, Enum
    where TEvent : struct, Enum;

/// <summary>What a rule across the sessions of one partition says.</summary>
public enum RuleKind
{
    /// <summary>
    /// <c>requireOthersIn</c>: a session of the lifecycle may start (or, with <c>on:</c>, take one of the listed events)
    /// only while every other session of its partition is in one of the rule's statuses.
    /// </summary>
    RequireOthersIn,

    /// <summary><c>deleteOnlyIn</c>: a session of the lifecycle may be deleted only in one of the rule's statuses.</summary>
    DeleteOnlyIn,

    /// <summary>
    /// <c>mergeRepeatedIn</c>: when a session of the lifecycle enters one of the rule's statuses for a reason, and the
    /// partition's previous session is in one of them for the same reason, the previous session's last-modified time
    /// is updated instead and the new session is not kept.
    /// </summary>
    MergeRepeatedIn,
}

/// <summary>A rule across the sessions of one partition, as declared under <c>rules:</c>.</summary>
/// <param name="Index">Its position in declaration order.</param>
/// <param name="Name">Its name, which refusals quote.</param>
/// <param name="Kind">What it says.</param>
/// <param name="Statuses">The statuses it names.</param>
/// <param name="On">For <see cref="RuleKind.RequireOthersIn"/>: the events it guards; empty when it guards starting a session.</param>
/// <param name="Because">Why it exists: a quote or citation of the source, or the stated inference.</param>
/// <param name="Line">Its line in the definition file (1-based).</param>
public sealed record RuleInfo<TStatus, TEvent>(
    int Index,
    string Name,
    RuleKind Kind,
    IReadOnlyList<TStatus> Statuses,
    IReadOnlyList<TEvent> On,
    string Because,
    int Line)
    where TStatus : struct, Enum
    where TEvent : struct, Enum;
