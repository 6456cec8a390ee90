using SessionDsl.Hosting;

namespace SessionDsl.Extensions.Hosting;

/// <summary>
/// The lifecycles <c>AddSessionDsl</c> registered, by name: for code that learns which lifecycle to start at run time
/// (a web request, a queue message), with options in their text form (<c>capacityModel=TabBased; inactivityTimeout=10m</c>,
/// as the lifecycle's <c>FormatOptions</c> writes them and a store keeps them).
/// </summary>
/// <typeparam name="TKey">The application's session key.</typeparam>
/// <typeparam name="TPartition">The partition key.</typeparam>
/// <typeparam name="TStatus">The shared status enum.</typeparam>
/// <typeparam name="TEvent">The shared event enum.</typeparam>
public sealed class SessionLifecycles<TKey, TPartition, TStatus, TEvent>
    where TKey : notnull, IEquatable<TKey>
    where TPartition : notnull, IEquatable<TPartition>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    private readonly SessionHost<TKey, TPartition, TStatus, TEvent> _host;
    private readonly Dictionary<string, LifecycleEntry<TKey, TPartition, TStatus, TEvent>> _byName;

    internal SessionLifecycles(SessionHost<TKey, TPartition, TStatus, TEvent> host, SessionDslRegistration<TKey, TPartition, TStatus, TEvent> registration)
    {
        _host = host;
        _byName = registration.Lifecycles.ToDictionary(l => l.Name, StringComparer.Ordinal);
        Descriptions = registration.Lifecycles.Select(l => l.Description).ToArray();
    }

    /// <summary>Every registered lifecycle's description, in the order they were added.</summary>
    public IReadOnlyList<LifecycleDescription<TStatus, TEvent>> Descriptions { get; }

    /// <summary>The lifecycle named <paramref name="name"/>, or null.</summary>
    public LifecycleDescription<TStatus, TEvent>? Find(string name) => _byName.TryGetValue(name, out var entry) ? entry.Description : null;

    /// <summary>The default options of lifecycle <paramref name="name"/> in their text form.</summary>
    /// <exception cref="KeyNotFoundException">No lifecycle of that name is registered.</exception>
    public string DefaultOptions(string name) => Entry(name).DefaultOptionsText;

    /// <summary>
    /// Starts session <paramref name="key"/> of lifecycle <paramref name="lifecycle"/>, as
    /// <see cref="SessionHost{TKey, TPartition, TStatus, TEvent}.Start{TOptions}(TKey, TPartition, LifecycleHandle{TOptions}, in TOptions, TStatus?, TEvent?, string?)"/>
    /// does, with options read from <paramref name="options"/> (null or empty: the defaults; an option the text does
    /// not name takes its default).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No lifecycle of that name is registered; the message lists those that are.</exception>
    /// <exception cref="FormatException">The options text is not valid options of the lifecycle; the message says why.</exception>
    public HostResult<TKey, TStatus, TEvent> Start(string lifecycle, TKey key, TPartition partition, string? options = null, TStatus? initial = null, TEvent? firstEvent = null, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        LifecycleEntry<TKey, TPartition, TStatus, TEvent> entry = Entry(lifecycle);
        return entry.TryStart(_host, key, partition, options, initial, firstEvent, reason, out HostResult<TKey, TStatus, TEvent> result, out string? error)
            ? result
            : throw new FormatException($"Options of {entry.Name} are invalid: {error}");
    }

    private LifecycleEntry<TKey, TPartition, TStatus, TEvent> Entry(string name) =>
        _byName.TryGetValue(name, out var entry)
            ? entry
            : throw new KeyNotFoundException($"No lifecycle named '{name}' is registered; the host runs {string.Join(", ", _byName.Keys)}.");
}
