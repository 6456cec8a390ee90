namespace SessionDsl.Hosting;

/// <summary>
/// The result of a call to a session host: what happened, to which session, the feed position of its last change, and
/// for a refusal which rule or check refused it. A small value: a call that succeeds allocates nothing for it;
/// building <see cref="Message"/> does, so do that only when reporting.
/// </summary>
/// <typeparam name="TKey">The application's session key.</typeparam>
/// <typeparam name="TStatus">The shared status enum.</typeparam>
/// <typeparam name="TEvent">The shared event enum.</typeparam>
public readonly struct HostResult<TKey, TStatus, TEvent>
    where TKey : notnull
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    private readonly Refusal<TKey, TStatus, TEvent>? _detail;

    internal HostResult(HostOutcome outcome, TKey key, TransitionResult<TStatus, TEvent> transition = default, long position = 0, Refusal<TKey, TStatus, TEvent>? detail = null)
    {
        Outcome = outcome;
        Key = key;
        Transition = transition;
        Position = position;
        _detail = detail;
    }

    /// <summary>What happened.</summary>
    public HostOutcome Outcome { get; }

    internal HostResult<TKey, TStatus, TEvent> WithPosition(long position) => new(Outcome, Key, Transition, position, _detail);

    /// <summary>The session the call was about.</summary>
    public TKey Key { get; }

    /// <summary>The lifecycle's result for the event (applied or refused); <c>default</c> for other calls.</summary>
    public TransitionResult<TStatus, TEvent> Transition { get; }

    /// <summary>
    /// The feed position of the last change the call made (0 when it made none, or the host has no store). Await
    /// the host's <c>WhenDurableAsync(Position)</c> to know it is committed.
    /// </summary>
    public long Position { get; }

    /// <summary>The rule that refused the call (<see cref="HostOutcome.RuleRefused"/>) or merged the session (<see cref="HostOutcome.Merged"/>); otherwise null.</summary>
    public RuleInfo<TStatus, TEvent>? Rule => _detail?.Rule;

    /// <summary>True when <see cref="Other"/> names another session.</summary>
    public bool HasOther => _detail is { HasOther: true };

    /// <summary>The other session a rule looked at: the one still open for a <c>requireOthersIn</c> refusal, the one merged into for <see cref="HostOutcome.Merged"/>.</summary>
    public TKey? Other => _detail is { HasOther: true } detail ? detail.Other : default;

    /// <summary>True when the call did what it asked: <see cref="HostOutcome.Started"/>, <see cref="HostOutcome.Applied"/>, <see cref="HostOutcome.Deleted"/> or <see cref="HostOutcome.Merged"/>.</summary>
    public bool Succeeded => Outcome is HostOutcome.Started or HostOutcome.Applied or HostOutcome.Deleted or HostOutcome.Merged;

    /// <summary>A sentence that says what happened and, for a refusal, names the rule or check and the statuses involved.</summary>
    public string Message => Outcome switch
    {
        HostOutcome.None => "Nothing was attempted.",
        HostOutcome.Started => $"Started session {KeyCodec<TKey>.Format(Key)} in {EnumIndex<TStatus>.Name(Transition.To)}.",
        HostOutcome.Applied => $"Session {KeyCodec<TKey>.Format(Key)}: {Transition}.",
        HostOutcome.Deleted => $"Deleted session {KeyCodec<TKey>.Format(Key)}.",
        HostOutcome.EventRefused => $"Session {KeyCodec<TKey>.Format(Key)}: the lifecycle refused the event: {Transition}.",
        HostOutcome.UnknownSession => $"No session has the key {KeyCodec<TKey>.Format(Key)} (never started, or deleted or merged since).",
        _ => _detail?.Message ?? Outcome.ToString(),
    };

    /// <summary>Returns this result when the call succeeded; otherwise throws <see cref="SessionHostException"/> with <see cref="Message"/>.</summary>
    public HostResult<TKey, TStatus, TEvent> OrThrow() => Succeeded ? this : throw new SessionHostException(Outcome, Message);

    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>What a refusal or a merge says beyond its outcome; allocated only for those.</summary>
internal sealed class Refusal<TKey, TStatus, TEvent>(string message, RuleInfo<TStatus, TEvent>? rule = null, bool hasOther = false, TKey? other = default)
    where TKey : notnull
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    public string Message { get; } = message;

    public RuleInfo<TStatus, TEvent>? Rule { get; } = rule;

    public bool HasOther { get; } = hasOther;

    public TKey? Other { get; } = other;
}

/// <summary>Thrown by <see cref="HostResult{TKey, TStatus, TEvent}.OrThrow"/> when the caller asked for refusals as exceptions.</summary>
public sealed class SessionHostException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public SessionHostException(HostOutcome outcome, string message)
        : base(message)
    {
        Outcome = outcome;
    }

    /// <summary>Which rule or check refused the call.</summary>
    public HostOutcome Outcome { get; }
}
