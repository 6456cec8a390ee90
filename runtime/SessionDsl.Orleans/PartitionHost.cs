using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Orleans;

/// <summary>A partition's <see cref="SessionHost{TKey, TPartition, TStatus, TEvent}"/>, seen by names so that the grain is not generic.</summary>
internal interface IPartitionHost : IDisposable
{
    ClusterResult Start(StartRequest request);

    ClusterResult Apply(ApplyRequest request);

    ClusterResult Delete(DeleteRequest request);

    int Advance();

    IReadOnlyList<ClusterSession> Sessions();

    /// <summary>The earliest deadline of the partition's sessions in UTC ticks, or -1 when none runs.</summary>
    long NextDeadlineTicks();
}

/// <summary>Builds a partition's host: the lifecycles a cluster runs, registered on every host it opens.</summary>
internal interface IPartitionHostFactory
{
    /// <summary>Creates and opens a host on <paramref name="store"/> (which restores its sessions and fires what came due).</summary>
    IPartitionHost Open(string partition, ISessionStore store, TimeProvider time);
}

/// <summary>
/// The lifecycles a cluster runs, sharing one status enum and one event enum: the same generated lifecycles and the same
/// rules (<c>rules:</c>) as the single-process host, since every partition's grain holds a
/// <see cref="SessionHost{TKey, TPartition, TStatus, TEvent}"/> of its own with them registered.
/// </summary>
/// <typeparam name="TStatus">The shared status enum.</typeparam>
/// <typeparam name="TEvent">The shared event enum.</typeparam>
public sealed class SessionClusterLifecycles<TStatus, TEvent> : IPartitionHostFactory
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    private readonly List<Action<SessionHost<string, string, TStatus, TEvent>>> _registrations = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Registers <typeparamref name="TLifecycle"/> on every partition's host.</summary>
    /// <exception cref="InvalidOperationException">A lifecycle of that name is already registered.</exception>
    public SessionClusterLifecycles<TStatus, TEvent> Register<TLifecycle, TOptions>()
        where TLifecycle : struct, ILifecycle<TStatus, TEvent, TOptions>
        where TOptions : struct
    {
        if (!_names.Add(TLifecycle.Description.Name))
        {
            throw new InvalidOperationException($"A lifecycle named '{TLifecycle.Description.Name}' is already registered with this cluster.");
        }

        _registrations.Add(static host => host.Register<TLifecycle, TOptions>());
        return this;
    }

    /// <summary>The names of the registered lifecycles.</summary>
    public IReadOnlyCollection<string> Names => _names;

    IPartitionHost IPartitionHostFactory.Open(string partition, ISessionStore store, TimeProvider time)
    {
        if (_registrations.Count == 0)
        {
            throw new InvalidOperationException("No lifecycle is registered with the cluster: call Register<TLifecycle, TOptions>() in AddSessionDsl.");
        }

        var host = new SessionHost<string, string, TStatus, TEvent>(new SessionHostOptions
        {
            TimeProvider = time,
            Store = store,
            Durability = Durability.PerCall,
            Capacity = 4, // a partition holds a messaging user's few sessions
            FewSessions = true, // deadlines in a scanned array, not a 100 KB timing wheel per grain
            DisposeStore = false,
        });
        try
        {
            foreach (Action<SessionHost<string, string, TStatus, TEvent>> register in _registrations)
            {
                register(host);
            }

            host.Open();
            return new PartitionHost<TStatus, TEvent>(host, partition);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}

/// <summary>Translates names on the wire to the host's enums and its results back to names.</summary>
internal sealed class PartitionHost<TStatus, TEvent>(SessionHost<string, string, TStatus, TEvent> host, string partition) : IPartitionHost
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    internal const string InvalidRequest = "InvalidRequest";

    public ClusterResult Start(StartRequest request)
    {
        TStatus? initial = null;
        if (request.Initial is { } initialName)
        {
            if (!TryParse(initialName, out TStatus status))
            {
                return Invalid(request.Key, $"'{initialName}' is not a status; the statuses are {string.Join(", ", Enum.GetNames<TStatus>())}.");
            }

            initial = status;
        }

        TEvent? firstEvent = null;
        if (request.FirstEvent is { } eventName)
        {
            if (!TryParse(eventName, out TEvent e))
            {
                return Invalid(request.Key, UnknownEvent(eventName));
            }

            firstEvent = e;
        }

        return From(host.StartNamed(request.Key, partition, request.Lifecycle, request.Options, initial, firstEvent, request.Reason), asked: firstEvent is not null);
    }

    public ClusterResult Apply(ApplyRequest request) =>
        TryParse(request.Event, out TEvent e)
            ? From(host.Apply(request.Key, e, request.Reason), asked: true)
            : Invalid(request.Key, UnknownEvent(request.Event));

    public ClusterResult Delete(DeleteRequest request) => From(host.Delete(request.Key), asked: false);

    public int Advance() => host.Advance();

    public IReadOnlyList<ClusterSession> Sessions() =>
        [.. host.GetPartition(partition).Select(v => new ClusterSession(v.Key, v.Partition, v.Lifecycle, v.Status.ToString(), v.State.EnteredAt, v.OptionsText, v.NextDeadline, v.Reason))];

    public long NextDeadlineTicks()
    {
        long next = -1;
        foreach (SessionView<string, string, TStatus> view in host.GetPartition(partition))
        {
            if (view.NextDeadline is { } due && (next < 0 || due.UtcTicks < next))
            {
                next = due.UtcTicks;
            }
        }

        return next;
    }

    public void Dispose() => host.Dispose();

    private ClusterResult From(HostResult<string, TStatus, TEvent> result, bool asked)
    {
        bool hasTransition = asked && result.Outcome is HostOutcome.Started or HostOutcome.Applied or HostOutcome.Merged or HostOutcome.EventRefused;
        long next = NextDeadlineTicks();
        return new ClusterResult(
            result.Outcome.ToString(),
            result.Key,
            hasTransition ? result.Transition.From.ToString() : null,
            hasTransition ? result.Transition.To.ToString() : null,
            result.Position,
            result.Message,
            Replayed: false)
        {
            TransitionOutcome = hasTransition ? result.Transition.Outcome.ToString() : null,
            Rule = result.Rule?.Name,
            Status = host.TryGet(result.Key, out SessionView<string, string, TStatus> view) ? view.Status.ToString() : null,
            NextDeadline = next < 0 ? null : new DateTimeOffset(next, TimeSpan.Zero),
        };
    }

    private ClusterResult Invalid(string key, string message) => new(InvalidRequest, key, null, null, 0, message, Replayed: false);

    private static string UnknownEvent(string name) => $"'{name}' is not an event; the events are {string.Join(", ", Enum.GetNames<TEvent>())}.";

    // Names only: Enum.TryParse would also take numbers and case-folded names, which the wire never means.
    private static bool TryParse<T>(string name, out T value)
        where T : struct, Enum
    {
        value = default;
        return name.Length > 0 && !char.IsDigit(name[0]) && name[0] != '-'
            && Enum.TryParse(name, ignoreCase: false, out value) && Enum.IsDefined(value);
    }
}
