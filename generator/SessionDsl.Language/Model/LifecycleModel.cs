namespace SessionDsl.Language.Model;

/// <summary>One lifecycle definition (one YAML file), as immutable value-equal data.</summary>
public sealed record LifecycleModel(
    string Name,
    string Namespace,
    string Description,
    string? Platform,
    string FilePath,
    SourceSpan NameSpan,
    SharedTypeRef StatusType,
    SharedTypeRef EventType,
    EquatableArray<OptionModel> Options,
    EquatableArray<StateModel> States,
    EquatableArray<EventModel> Events,
    EquatableArray<TransitionModel> Transitions,
    EquatableArray<TimerModel> Timers,
    EquatableArray<RuleModel> Rules,
    SourceSpan PlatformSpan = default)
{
    /// <summary>The file name without its folders: what generated code mentions, so output does not depend on the machine.</summary>
    public string FileName => System.IO.Path.GetFileName(FilePath);

    /// <summary>The status type's members: the declared list, or else this lifecycle's states in order.</summary>
    public EquatableArray<string> StatusMembers => StatusType.Members.IsEmpty
        ? States.Select(s => s.Name).ToEquatableArray()
        : StatusType.Members.Select(m => m.Name).ToEquatableArray();

    /// <summary>The event type's members: the declared list, or else this lifecycle's events in order.</summary>
    public EquatableArray<string> EventMembers => EventType.Members.IsEmpty
        ? Events.Select(e => e.Name).ToEquatableArray()
        : EventType.Members.Select(m => m.Name).ToEquatableArray();

    public IEnumerable<TimerModel> Countdowns => Timers.Where(t => t.Kind == TimerKindModel.Countdown);
}

/// <summary>
/// A status or event type, possibly shared with other lifecycles of the same namespace. It may declare the platforms
/// lifecycles run on (<see cref="Platforms"/>) and which members exist only on some of them (<see cref="Restrictions"/>).
/// </summary>
public sealed record SharedTypeRef(
    string Name,
    EquatableArray<Named> Members,
    SourceSpan Span,
    EquatableArray<Named> Platforms = default,
    EquatableArray<MemberPlatforms> Restrictions = default)
{
    /// <summary>The platforms a member exists on, or null when it exists on every platform.</summary>
    public EquatableArray<Named>? PlatformsOf(string member)
    {
        foreach (MemberPlatforms restriction in Restrictions)
        {
            if (restriction.Member == member)
            {
                return restriction.Platforms;
            }
        }

        return null;
    }
}

/// <summary>A member of a shared type that exists only on the platforms listed (<c>{ name: Consent, platforms: [enhanced] }</c>).</summary>
public sealed record MemberPlatforms(string Member, EquatableArray<Named> Platforms);

public sealed record StateModel(string Name, bool IsInitial, bool IsFinal, string Description, SourceSpan Span);

public sealed record EventModel(string Name, string Description, SourceSpan Span);

public enum OptionKindModel
{
    Enumeration,
    Boolean,
    Duration,
}

/// <summary>An option guards and timers read. Durations are in ticks (100 ns).</summary>
public sealed record OptionModel(
    string Name,
    OptionKindModel Kind,
    string? EnumTypeName,
    EquatableArray<string> Values,
    string? Default,
    long? DefaultTicks,
    long? MinTicks,
    long? MaxTicks,
    bool IsOptional,
    string Description,
    SourceSpan Span)
{
    /// <summary>The generated property's name: the YAML name with its first letter in upper case.</summary>
    public string PropertyName => Naming.Pascal(Name);
}

public sealed record TransitionModel(
    int Index,
    EquatableArray<Named> From,
    Named Event,
    Named To,
    GuardExpression? Guard,
    string? GuardText,
    string Because,
    SourceSpan Span);

public enum TimerKindModel
{
    InState,
    Countdown,
}

/// <summary>A timer's duration: a literal (ticks) or an option's name.</summary>
public sealed record DurationRef(long? LiteralTicks, Named? Option, string Text, SourceSpan Span);

public sealed record TimerModel(
    int Index,
    string Name,
    TimerKindModel Kind,
    EquatableArray<Named> States,
    DurationRef After,
    Named To,
    GuardExpression? Guard,
    string? GuardText,
    EquatableArray<Named> StartOn,
    EquatableArray<Named> CancelOn,
    bool Restart,
    int CountdownSlot,
    string Because,
    SourceSpan Span);

/// <summary>What a rule across the sessions of one partition says: its key in the YAML.</summary>
public enum RuleKindModel
{
    /// <summary><c>requireOthersIn</c>: every other session of the partition must be in one of the statuses.</summary>
    RequireOthersIn,

    /// <summary><c>deleteOnlyIn</c>: a session may be deleted only in one of the statuses.</summary>
    DeleteOnlyIn,

    /// <summary><c>mergeRepeatedIn</c>: a repeated failure for the same reason updates the previous session instead.</summary>
    MergeRepeatedIn,
}

/// <summary>
/// A rule across the sessions of one partition (<c>rules:</c>). The generator only checks and describes it; a session
/// host enforces it. <see cref="On"/> is empty unless a <c>requireOthersIn</c> rule guards events instead of starting.
/// </summary>
public sealed record RuleModel(
    int Index,
    string Name,
    RuleKindModel Kind,
    EquatableArray<Named> Statuses,
    EquatableArray<Named> On,
    string Because,
    SourceSpan Span)
{
    /// <summary>
    /// Whether <see cref="Statuses"/> are those of the partition's other sessions, which may be of other lifecycles
    /// sharing the status type, rather than this lifecycle's own states.
    /// </summary>
    public bool NamesOtherSessions => Kind switch
    {
        RuleKindModel.RequireOthersIn => true,
        RuleKindModel.DeleteOnlyIn or RuleKindModel.MergeRepeatedIn => false,
    };
}
