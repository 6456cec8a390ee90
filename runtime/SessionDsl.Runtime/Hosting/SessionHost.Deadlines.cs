using System.Runtime.CompilerServices;

namespace SessionDsl.Hosting;

// Where the sessions' next deadlines are kept: the timing wheel, or for a host of a few sessions (FewSessions) a
// scanned array. One field test per call decides; the wheel's path is otherwise what it was.
public sealed partial class SessionHost<TKey, TPartition, TStatus, TEvent>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ScheduleDeadline(int slot, long due)
    {
        if (_scan is null)
        {
            _wheel!.Schedule(slot, due);
        }
        else
        {
            _scan.Schedule(slot, due);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CancelDeadline(int slot)
    {
        if (_scan is null)
        {
            _wheel!.Cancel(slot);
        }
        else
        {
            _scan.Cancel(slot);
        }
    }

    private bool HasDeadline(int slot) => _scan?.IsScheduled(slot) ?? _wheel!.IsScheduled(slot);

    private void EnsureDeadlineCapacity(int size)
    {
        if (_scan is null)
        {
            _wheel!.EnsureCapacity(size);
        }
        else
        {
            _scan.EnsureCapacity(size);
        }
    }

    private int AdvanceDeadlines<TCallback>(long now, ref TCallback callback)
        where TCallback : struct, ITimingWheelCallback =>
        _scan is null ? _wheel!.Advance(now, ref callback) : _scan.Advance(now, ref callback);
}
