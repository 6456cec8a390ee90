using SessionDsl.Hosting.Storage;

namespace SessionDsl.Hosting;

/// <summary>When a host's calls are durable.</summary>
public enum Durability
{
    /// <summary>Each call commits before it returns; if the commit fails, the call throws and changes nothing.</summary>
    PerCall,

    /// <summary>
    /// Calls return at once and are committed together every few milliseconds
    /// (<see cref="SessionHostOptions.GroupCommitInterval"/>); a call's changes are durable once the host's
    /// <c>WhenDurableAsync</c> for its position completes (the <c>…Async</c> calls await it). If a commit fails, the host
    /// stops accepting calls, since its memory is then ahead of the store.
    /// </summary>
    GroupCommit,
}

/// <summary>How a session host runs: its clock, its store and how it commits, its timing wheel.</summary>
public sealed partial class SessionHostOptions
{
    /// <summary>The clock every call reads and the host's own clock ticks on. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where sessions and their changes feed are kept; null keeps sessions in memory only, with no feed.</summary>
    public ISessionStore? Store { get; set; }

    /// <summary>When calls are durable. Default: <see cref="Durability.PerCall"/>.</summary>
    public Durability Durability { get; set; } = Durability.PerCall;

    /// <summary>With <see cref="Durability.GroupCommit"/>: how long changes wait for others before they are committed together. Default 5 ms.</summary>
    public TimeSpan GroupCommitInterval { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The most changes one commit writes; more wait for the next, and a caller more than two commits ahead of the writer waits too. Default 5,000.</summary>
    public int MaxChangesPerCommit { get; set; } = 5_000;

    /// <summary>
    /// The timing wheel's unit and how often the host's clock (<c>StartClock</c>) looks for due timers. Deadlines fire
    /// at their exact time whatever the tick. Default one second.
    /// </summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many sessions to make room for at once; the host grows past it.</summary>
    public int Capacity { get; set; } = 1024;

    /// <summary>
    /// For a host of a few sessions, such as one partition's grain in a cluster (SessionDsl.Orleans): deadlines are kept
    /// in an array scanned when timers are due instead of a timing wheel, which takes about 100 KB before it holds
    /// anything. Each advance then costs time in proportion to the sessions, so leave it off for a host of hundreds or
    /// more. Default false.
    /// </summary>
    public bool FewSessions { get; set; }

    /// <summary>Renames to apply to what the store holds when the definitions renamed a lifecycle, status, timer or option.</summary>
    public StoreMigration Migration { get; set; } = new();

    /// <summary>Whether disposing the host disposes the store. Default true.</summary>
    public bool DisposeStore { get; set; } = true;

    /// <summary>
    /// Told of every call, timer and commit, for logs, metrics and traces (see <see cref="HostObserver"/>); null
    /// (the default) for none.
    /// </summary>
    public HostObserver? Observer { get; set; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentNullException.ThrowIfNull(Migration, nameof(Migration));
        if (!Enum.IsDefined(Durability))
        {
            throw new ArgumentOutOfRangeException(nameof(Durability), Durability, "Durability is PerCall or GroupCommit.");
        }

        if (GroupCommitInterval < TimeSpan.Zero || GroupCommitInterval > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(GroupCommitInterval), GroupCommitInterval, "The group commit interval is between 0 and 10 seconds.");
        }

        if (Tick < TimeSpan.FromMilliseconds(1) || Tick > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Tick), Tick, "The tick is between 1 ms and one hour.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChangesPerCommit, 1, nameof(MaxChangesPerCommit));
        ArgumentOutOfRangeException.ThrowIfNegative(Capacity, nameof(Capacity));
    }
}

/// <summary>
/// What a store's names become under the current definitions, for a definition that renamed a lifecycle, a status, a
/// timer or an option. Applied when a host opens the store; the sessions it changes are written back under the new
/// names in the host's first commit.
/// </summary>
public sealed class StoreMigration
{
    private readonly Dictionary<string, string> _lifecycles = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Lifecycle, string Name), string> _statuses = [];
    private readonly Dictionary<(string Lifecycle, string Name), string> _timers = [];
    private readonly Dictionary<(string Lifecycle, string Name), string> _options = [];

    /// <summary>Sessions stored under lifecycle <paramref name="from"/> belong to lifecycle <paramref name="to"/>.</summary>
    public StoreMigration RenameLifecycle(string from, string to) => Add(_lifecycles, from, to);

    /// <summary>Sessions of <paramref name="lifecycle"/> (its current name) stored in status <paramref name="from"/> are in <paramref name="to"/>.</summary>
    public StoreMigration RenameStatus(string lifecycle, string from, string to) => Add(_statuses, lifecycle, from, to);

    /// <summary>Countdowns of <paramref name="lifecycle"/> stored under timer <paramref name="from"/> belong to timer <paramref name="to"/>.</summary>
    public StoreMigration RenameTimer(string lifecycle, string from, string to) => Add(_timers, lifecycle, from, to);

    /// <summary>Options of <paramref name="lifecycle"/> stored under the name <paramref name="from"/> are option <paramref name="to"/>.</summary>
    public StoreMigration RenameOption(string lifecycle, string from, string to) => Add(_options, lifecycle, from, to);

    internal bool IsEmpty => _lifecycles.Count == 0 && _statuses.Count == 0 && _timers.Count == 0 && _options.Count == 0;

    internal string Lifecycle(string stored) => _lifecycles.GetValueOrDefault(stored, stored);

    internal string Status(string lifecycle, string stored) => _statuses.GetValueOrDefault((lifecycle, stored), stored);

    internal string Timer(string lifecycle, string stored) => _timers.GetValueOrDefault((lifecycle, stored), stored);

    internal string Options(string lifecycle, string storedText)
    {
        if (_options.Count == 0 || !_options.Keys.Any(k => k.Lifecycle == lifecycle))
        {
            return storedText;
        }

        IEnumerable<string> pairs = storedText.Split(';').Select(pair =>
        {
            int equals = pair.IndexOf('=');
            string name = equals < 0 ? pair.Trim() : pair[..equals].Trim();
            return equals > 0 && _options.TryGetValue((lifecycle, name), out string? renamed) ? renamed + pair[equals..] : pair.Trim();
        });
        return string.Join("; ", pairs);
    }

    private StoreMigration Add(Dictionary<string, string> map, string from, string to)
    {
        ArgumentException.ThrowIfNullOrEmpty(from);
        ArgumentException.ThrowIfNullOrEmpty(to);
        map[from] = to;
        return this;
    }

    private StoreMigration Add(Dictionary<(string, string), string> map, string lifecycle, string from, string to)
    {
        ArgumentException.ThrowIfNullOrEmpty(lifecycle);
        ArgumentException.ThrowIfNullOrEmpty(from);
        ArgumentException.ThrowIfNullOrEmpty(to);
        map[(lifecycle, from)] = to;
        return this;
    }
}

/// <summary>
/// A lifecycle registered with a host: pass it to <c>Start</c> to start a session of it, with options of its own type.
/// Only the host that returned it accepts it.
/// </summary>
/// <typeparam name="TOptions">The lifecycle's generated <c>Options</c>.</typeparam>
public sealed class LifecycleHandle<TOptions>
    where TOptions : struct
{
    internal LifecycleHandle(object owner, int index, string name)
    {
        Owner = owner;
        Index = index;
        Name = name;
    }

    /// <summary>The lifecycle's name.</summary>
    public string Name { get; }

    internal object Owner { get; }

    internal int Index { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
