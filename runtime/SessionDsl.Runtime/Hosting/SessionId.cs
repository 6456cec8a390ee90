namespace SessionDsl.Hosting;

/// <summary>
/// A session held by a <see cref="SessionHost{TStatus, TEvent, TChannel}"/>: its slot in the host's arrays and the
/// slot's generation when the session was started. A deleted session's id never addresses the session that later
/// reuses its slot. <c>default(SessionId)</c> addresses no session.
/// </summary>
public readonly record struct SessionId
{
    internal SessionId(int slot, int generation)
    {
        Slot = slot;
        Generation = generation;
    }

    /// <summary>The session's slot in its host.</summary>
    public int Slot { get; }

    /// <summary>The slot's generation when the session started (from 1; 0 means no session).</summary>
    public int Generation { get; }

    /// <summary>False for <c>default(SessionId)</c>.</summary>
    public bool IsValid => Generation != 0;

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"session {Slot}.{Generation}" : "no session";
}

/// <summary>A lifecycle registered with a host, in registration order.</summary>
public readonly record struct LifecycleKey(int Index)
{
    /// <inheritdoc />
    public override string ToString() => $"lifecycle #{Index}";
}

/// <summary>Who starts a session, which decides the rules that apply.</summary>
public enum SessionInitiator : byte
{
    /// <summary>The messaging user (customer) started it by sending a message.</summary>
    Customer = 0,

    /// <summary>A service rep started it (an opening message): the rep rules apply.</summary>
    Rep = 1,

    /// <summary>An automated flow started it (a notification): no rep rule applies.</summary>
    Automation = 2,
}
