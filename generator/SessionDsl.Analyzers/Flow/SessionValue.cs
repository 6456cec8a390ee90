using SessionDsl.Analyzers.Lifecycles;

namespace SessionDsl.Analyzers.Flow;

/// <summary>
/// What is known about one session variable at one point of a method: the statuses it may be in, twice over.
/// <see cref="Expected"/> follows the path the code means (starts, events applied with their guards holding,
/// narrowing), and is what warnings use; <see cref="Possible"/> adds every status timers could reach whenever time may have passed (inside Apply and
/// Advance), and is what errors use, so an error is never a timer's doing.
/// </summary>
internal readonly record struct SessionValue(ulong Expected, ulong Possible, LifecycleInfo? Lifecycle)
{
    /// <summary>Nothing known: any status, any lifecycle.</summary>
    public static SessionValue Unknown => new(ulong.MaxValue, ulong.MaxValue, null);

    public static SessionValue Exactly(ulong statuses, LifecycleInfo? lifecycle) => new(statuses, statuses, lifecycle);

    public SessionValue Join(SessionValue other) => new(
        Expected | other.Expected,
        Possible | other.Possible,
        ReferenceEquals(Lifecycle, other.Lifecycle) ? Lifecycle : null);

    public SessionValue Narrow(ulong statuses) => this with { Expected = Expected & statuses, Possible = Possible & statuses };
}
