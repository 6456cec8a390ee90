namespace SessionDsl.Language.Model;

/// <summary>
/// The names the runtime (SessionDsl.Runtime) declares in its namespaces: generated code refers to them as
/// <c>global::SessionDsl.…</c>, so a generated type of the same full name would hide or clash with them (CS0436,
/// CS0117). A test compares this list with the runtime assembly's public types and namespaces.
/// </summary>
public static class RuntimeNames
{
    /// <summary>Namespace, then the names (types without their generic arity, and child namespaces) it holds.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ByNamespace = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["SessionDsl"] =
        [
            "EventInfo", "Hosting", "ILifecycle", "ITimerObserver", "InvalidTransitionException", "LifecycleDescription",
            "NoTimerObserver", "OptionInfo", "OptionKind", "OptionText", "RuleInfo", "RuleKind", "SessionState", "StateInfo",
            "TimerInfo", "TimerKind", "TransitionInfo", "TransitionOutcome", "TransitionResult",
        ],
        ["SessionDsl.Hosting"] =
        [
            "Durability", "FeedSubscription", "FeedSubscriptionOptions", "HostOutcome", "HostResult", "LifecycleHandle",
            "SessionChange", "SessionChangeKind", "SessionHost", "SessionHostException", "SessionHostOptions", "SessionView",
            "Storage", "StoreMigration",
        ],
        ["SessionDsl.Hosting.Storage"] =
        [
            "ISessionStore", "InMemorySessionStore", "SessionStoreException", "SessionWrite", "StoreBatch", "StoreHead",
            "StoreKey", "StoredChange", "StoredCountdown", "StoredSession",
        ],
    };

    /// <summary>True when <paramref name="name"/> in <paramref name="namespace"/> is taken by the runtime.</summary>
    public static bool Takes(string @namespace, string name) =>
        ByNamespace.TryGetValue(@namespace, out string[]? names) && Array.IndexOf(names, name) >= 0;
}
