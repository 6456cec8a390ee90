using SessionDsl.Hosting;

namespace SessionDsl.Extensions.Hosting;

/// <summary>One lifecycle added to the builder, seen without its options type: registers itself and starts sessions by name.</summary>
internal abstract class LifecycleEntry<TKey, TPartition, TStatus, TEvent>
    where TKey : notnull, IEquatable<TKey>
    where TPartition : notnull, IEquatable<TPartition>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    public abstract string Name { get; }

    public abstract LifecycleDescription<TStatus, TEvent> Description { get; }

    public abstract void Register(SessionHost<TKey, TPartition, TStatus, TEvent> host);

    public abstract string DefaultOptionsText { get; }

    /// <summary>Starts a session with options read from their text form; false, with the reason, when the text is not valid options.</summary>
    public abstract bool TryStart(SessionHost<TKey, TPartition, TStatus, TEvent> host, TKey key, TPartition partition, string? optionsText, TStatus? initial, TEvent? firstEvent, string? reason, out HostResult<TKey, TStatus, TEvent> result, out string? error);
}

internal sealed class LifecycleEntry<TLifecycle, TKey, TPartition, TStatus, TEvent, TOptions> : LifecycleEntry<TKey, TPartition, TStatus, TEvent>
    where TLifecycle : struct, ILifecycle<TStatus, TEvent, TOptions>
    where TKey : notnull, IEquatable<TKey>
    where TPartition : notnull, IEquatable<TPartition>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
    where TOptions : struct
{
    private LifecycleHandle<TOptions>? _handle;

    public override string Name => TLifecycle.Description.Name;

    public override LifecycleDescription<TStatus, TEvent> Description => TLifecycle.Description;

    public override string DefaultOptionsText => TLifecycle.FormatOptions(TLifecycle.DefaultOptions);

    public LifecycleHandle<TOptions> Handle => _handle ?? throw new InvalidOperationException($"Lifecycle '{Name}' is not registered with a host yet.");

    public override void Register(SessionHost<TKey, TPartition, TStatus, TEvent> host) => _handle = host.Register<TLifecycle, TOptions>();

    public override bool TryStart(SessionHost<TKey, TPartition, TStatus, TEvent> host, TKey key, TPartition partition, string? optionsText, TStatus? initial, TEvent? firstEvent, string? reason, out HostResult<TKey, TStatus, TEvent> result, out string? error)
    {
        TOptions options = TLifecycle.DefaultOptions;
        if (!string.IsNullOrWhiteSpace(optionsText) && !TLifecycle.TryParseOptions(optionsText, out options, out error))
        {
            result = default;
            return false;
        }

        error = null;
        result = host.Start(key, partition, Handle, in options, initial, firstEvent, reason);
        return true;
    }
}
