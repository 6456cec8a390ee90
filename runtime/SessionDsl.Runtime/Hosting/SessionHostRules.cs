using System.Runtime.CompilerServices;

namespace SessionDsl.Hosting;

/// <summary>
/// The rules across sessions a <see cref="SessionHost{TStatus, TEvent, TChannel}"/> enforces, stated in terms of
/// statuses and channels rather than names, so that any lifecycle family can use them. For the messaging-session
/// lifecycles: closed = deletable = { Ended, Error }, failure = { Error }, reps cannot initiate in WebChat.
/// </summary>
/// <typeparam name="TStatus">The shared status enum; its values must lie in 0..63.</typeparam>
/// <typeparam name="TChannel">The channel enum.</typeparam>
public sealed class SessionHostRules<TStatus, TChannel>
    where TStatus : struct, Enum
    where TChannel : struct, Enum
{
    private readonly ulong _closed;
    private readonly ulong _deletable;
    private readonly ulong _failure;
    private readonly TChannel[] _repForbidden;

    /// <param name="closedStatuses">Statuses in which a session counts as closed: a rep may start a user's next session only when all the user's sessions are in one of these.</param>
    /// <param name="deletableStatuses">Statuses in which a session may be deleted.</param>
    /// <param name="failureStatuses">Statuses that mean the session failed; entering one with a failure cause equal to the user's previous failed session updates that session instead of keeping this one.</param>
    /// <param name="channelsRepsCannotInitiate">Channels in which reps cannot start sessions.</param>
    public SessionHostRules(
        IEnumerable<TStatus> closedStatuses,
        IEnumerable<TStatus> deletableStatuses,
        IEnumerable<TStatus> failureStatuses,
        IEnumerable<TChannel> channelsRepsCannotInitiate)
    {
        _closed = Mask(closedStatuses, nameof(closedStatuses));
        _deletable = Mask(deletableStatuses, nameof(deletableStatuses));
        _failure = Mask(failureStatuses, nameof(failureStatuses));
        _repForbidden = [.. channelsRepsCannotInitiate ?? throw new ArgumentNullException(nameof(channelsRepsCannotInitiate))];
    }

    /// <summary>No rules: nothing is closed or deletable, nothing fails, every channel allows reps.</summary>
    public static SessionHostRules<TStatus, TChannel> None { get; } = new([], [], [], []);

    internal bool IsClosed(TStatus status) => (_closed & Bit(status)) != 0;

    internal bool IsDeletable(TStatus status) => (_deletable & Bit(status)) != 0;

    internal bool IsFailure(TStatus status) => (_failure & Bit(status)) != 0;

    internal bool RepsCannotInitiateIn(TChannel channel)
    {
        foreach (TChannel forbidden in _repForbidden)
        {
            if (EqualityComparer<TChannel>.Default.Equals(forbidden, channel))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Bit(TStatus status)
    {
        ulong value = ToUInt64(status);
        return value < 64 ? 1UL << (int)value : 0;
    }

    internal static ulong ToUInt64<T>(T value)
        where T : struct, Enum => Unsafe.SizeOf<T>() switch
        {
            1 => Unsafe.As<T, byte>(ref value),
            2 => Unsafe.As<T, ushort>(ref value),
            4 => Unsafe.As<T, uint>(ref value),
            _ => Unsafe.As<T, ulong>(ref value),
        };

    private static ulong Mask(IEnumerable<TStatus> statuses, string name)
    {
        ArgumentNullException.ThrowIfNull(statuses, name);
        ulong mask = 0;
        foreach (TStatus status in statuses)
        {
            ulong value = ToUInt64(status);
            if (value >= 64)
            {
                throw new ArgumentOutOfRangeException(name, status, $"Status '{status}' has value {value}; the rules hold statuses with values 0 to 63.");
            }

            mask |= 1UL << (int)value;
        }

        return mask;
    }
}
