using System.Diagnostics;
using System.Runtime.CompilerServices;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Hosting;

// How changes reach the store. Every call is one operation: what it changes is recorded into the pending batch (the
// sessions as they now are, and a feed entry with the next position for each change). With per-call commits the
// operation commits before the call returns; each session it touches is copied first, so a failed commit puts memory
// back as it was and the call changes nothing. With group commit a writer thread commits the pending batch every few
// milliseconds; a failed group commit leaves memory ahead of the store, so the host stops taking calls.
public sealed partial class SessionHost<TKey, TPartition, TStatus, TEvent>
{
    private readonly List<Undo> _undoLog = [];
    private readonly List<int> _pendingFree = [];
    private readonly List<(string Name, string? Value)> _checkpointsBefore = [];
    private int _unitDepth;
    private readonly PriorityQueue<TaskCompletionSource, long> _waiters = new();
    private int[]? _touched;
    private List<Undo>? _undo;
    private int _operation;
    private long _operationPosition;
    private long _operationSequence;
    private StoreBatch _batch = new();
    private StoreBatch _writing = new();
    private long _batchStartedAt;
    private long _nextPosition = 1;
    private long _nextSequence = 1;
    private long _durablePosition;
    private string? _storeDescription;
    private Thread? _writer;
    private bool _stopping;
    private bool _disposing;
    private SessionStoreException? _fault;
    private TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when every change up to <paramref name="position"/> is committed (at once for 0, for a host without a
    /// store, and with per-call commits); fails if the commit fails.
    /// </summary>
    public ValueTask WhenDurableAsync(long position, CancellationToken cancellationToken = default)
    {
        if (position <= Volatile.Read(ref _durablePosition))
        {
            return ValueTask.CompletedTask;
        }

        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (position <= _durablePosition)
            {
                return ValueTask.CompletedTask;
            }

            if (_fault is not null)
            {
                return ValueTask.FromException(new SessionStoreException(_fault.Message, _fault));
            }

            ThrowIfDisposed();
            if (position >= _nextPosition)
            {
                throw new ArgumentOutOfRangeException(nameof(position), position, $"No change has position {position} yet; the last is {_nextPosition - 1}.");
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter, position);
        }

        return new ValueTask(waiter.Task.WaitAsync(cancellationToken));
    }

    /// <summary>
    /// Keeps <paramref name="value"/> under <paramref name="name"/> in the store, committed in order with the changes
    /// before it (with per-call commits, at once): an application's own progress, such as how far it has read an input.
    /// </summary>
    /// <exception cref="InvalidOperationException">The host has no store.</exception>
    public void SetCheckpoint(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            ThrowIfNotOpen();
            if (_store is null)
            {
                throw new InvalidOperationException("Checkpoints are kept in the store; this host has none.");
            }

            long start = BeginOp();
            if (_unitDepth > 0 && !_checkpointsBefore.Any(c => c.Name == name))
            {
                _checkpointsBefore.Add((name, _batch.Checkpoints.GetValueOrDefault(name)));
            }

            _batch.Checkpoints[name] = value;
            EndOp(start);
        }
    }

    /// <summary>The checkpoint <paramref name="name"/> as last committed, or null.</summary>
    public string? ReadCheckpoint(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ISessionStore store = _store ?? throw new InvalidOperationException("Checkpoints are kept in the store; this host has none.");
        return store.ReadCheckpoint(name);
    }

    /// <summary>Begins an operation (one call, or a slice of an advance); returns the position its first change will get.</summary>
    private long BeginOp()
    {
        long start = _nextPosition;
        if (_unitDepth > 0 || _touched is null || _options.Durability == Durability.GroupCommit)
        {
            return start; // inside Atomically the unit is the operation; group commits undo only units
        }

        StartUndo();
        return start;
    }

    private void StartUndo()
    {
        _undo = _undoLog;
        _undo.Clear();
        _pendingFree.Clear();
        _operation++;
        _operationPosition = _nextPosition;
        _operationSequence = _nextSequence;
    }

    /// <summary>With per-call commits, copies the session in <paramref name="slot"/> the first time an operation touches it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Touch(int slot)
    {
        if (_undo is not null)
        {
            RecordUndo(slot);
        }
    }

    // Out of line: the copy of a session is a large local, which would make every caller's frame large.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordUndo(int slot)
    {
        if (_touched![slot] == _operation)
        {
            return;
        }

        _touched[slot] = _operation;
        _undo!.Add(new Undo(slot, _sessions[slot], _sessions[slot].Live ? _partitions[_sessions[slot].Partition].Key : default));
    }

    /// <summary>Ends an operation: with per-call commits, commits it (putting memory back if that fails); returns the position of its last change, or 0.</summary>
    private long EndOp(long start)
    {
        long last = _nextPosition - 1;
        long position = last >= start ? last : 0;
        if (_store is null)
        {
            return 0;
        }

        if (_unitDepth > 0)
        {
            return position; // committed with the unit
        }

        if (_options.Durability == Durability.GroupCommit)
        {
            ReleasePendingFrees();
            _undo = null;

            // The writer takes the batch; hold back a caller that runs far ahead of it.
            if (!_batch.IsEmpty)
            {
                if (_batchStartedAt == 0)
                {
                    _batchStartedAt = Stopwatch.GetTimestamp();
                }

                Monitor.PulseAll(_gate);
                while (_batch.Changes.Count >= _options.MaxChangesPerCommit * 2 && _fault is null && !_stopping)
                {
                    Monitor.Wait(_gate);
                }
            }

            return _fault is null ? position : throw new SessionStoreException(_fault.Message, _fault);
        }

        long commitStarted = _observer is null ? 0 : Stopwatch.GetTimestamp();
        try
        {
            if (!_batch.IsEmpty)
            {
                _store.Commit(_batch);
            }
        }
        catch (Exception e)
        {
            ReportCommit(_batch.Changes.Count, 0, commitStarted, e);
            UndoOperation();
            _batch.Clear();
            throw new SessionStoreException($"{StoreName}: the commit failed, so the call changed nothing, in memory or in the store: {e.Message}", e);
        }
        finally
        {
            _undo = null;
        }

        bool wrote = _batch.Changes.Count > 0;
        if (_observer is not null && !_batch.IsEmpty)
        {
            ReportCommit(_batch.Changes.Count, wrote ? last : 0, commitStarted, null);
        }

        _batch.Clear();
        ReleasePendingFrees();
        if (wrote)
        {
            Volatile.Write(ref _durablePosition, last);
            SignalCommitted();
        }

        return position;
    }

    private void ReleasePendingFrees()
    {
        foreach (int slot in _pendingFree)
        {
            Release(slot);
        }

        _pendingFree.Clear();
    }

    /// <summary>An operation failed before it could commit (a bug, or an exception from a lifecycle): put memory back where possible.</summary>
    private void AbortOp()
    {
        if (_unitDepth > 0)
        {
            return; // the unit puts everything back
        }

        if (_undo is not null)
        {
            UndoOperation();
            _batch.Clear();
            _undo = null;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> as one operation: every call it makes on this host (starts, events, deletions,
    /// checkpoints) is committed together, in one batch, or, if <paramref name="work"/> throws, undone together, in
    /// memory and in the store. With per-call commits the unit is committed before this returns; with group commit
    /// its changes go into one group. The host's lock is held meanwhile, so keep the work short and do not wait in it.
    /// For example: apply an event read from a queue and keep the queue's offset as a checkpoint, exactly once.
    /// </summary>
    /// <exception cref="SessionStoreException">The unit's commit failed; nothing of it was kept.</exception>
    public T Atomically<T>(Func<SessionHost<TKey, TPartition, TStatus, TEvent>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            ThrowIfNotOpen();
            if (_unitDepth > 0 || _store is null)
            {
                return work(this); // a nested unit is part of the outer one; without a store there is nothing to commit
            }

            long start = _nextPosition;
            int sessions = _batch.Sessions.Count;
            int changes = _batch.Changes.Count;
            _checkpointsBefore.Clear();
            StartUndo();
            T result;
            _unitDepth++;
            try
            {
                result = work(this);
            }
            catch
            {
                _unitDepth--;
                UndoOperation();
                _batch.Sessions.RemoveRange(sessions, _batch.Sessions.Count - sessions);
                _batch.Changes.RemoveRange(changes, _batch.Changes.Count - changes);
                foreach ((string name, string? value) in _checkpointsBefore)
                {
                    if (value is null)
                    {
                        _batch.Checkpoints.Remove(name);
                    }
                    else
                    {
                        _batch.Checkpoints[name] = value;
                    }
                }

                _undo = null;
                throw;
            }

            _unitDepth--;
            EndOp(start);
            return result;
        }
    }

    /// <inheritdoc cref="Atomically{T}(Func{SessionHost{TKey, TPartition, TStatus, TEvent}, T})"/>
    public void Atomically(Action<SessionHost<TKey, TPartition, TStatus, TEvent>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Atomically(host =>
        {
            work(host);
            return 0;
        });
    }

    private void UndoOperation()
    {
        List<Undo> undo = _undo!;
        for (int i = undo.Count - 1; i >= 0; i--)
        {
            Undo entry = undo[i];
            if (_sessions[entry.Slot].Live)
            {
                Detach(entry.Slot);
            }

            _sessions[entry.Slot] = entry.Before;
            if (entry.Before.Live)
            {
                _sessions[entry.Slot].Live = false;
                Attach(entry.Slot, entry.Partition!);
            }
            else
            {
                // A slot the operation took for a new session goes back to the free list.
                Release(entry.Slot);
            }

            _touched![entry.Slot] = 0;
        }

        _pendingFree.Clear();
        _nextPosition = _operationPosition;
        _nextSequence = _operationSequence;
    }

    private string StoreName => _storeDescription ?? "the store";

    private void RecordChange(SessionChangeKind kind, int slot, TStatus from, TStatus to, string? eventName, string? timer, long atTicks, int related = -1, string? reason = null, string? rule = null)
    {
        if (_store is null)
        {
            return;
        }

        ref Session s = ref _sessions[slot];
        _batch.Changes.Add(new StoredChange
        {
            Position = _nextPosition++,
            AtTicks = atTicks,
            Kind = kind,
            Key = KeyCodec<TKey>.ToStore(s.Key),
            Partition = KeyCodec<TPartition>.ToStore(_partitions[s.Partition].Key),
            Lifecycle = _lifecycles[s.Lifecycle].Name,
            From = EnumIndex<TStatus>.Name(from),
            To = EnumIndex<TStatus>.Name(to),
            Event = eventName,
            Timer = timer,
            Related = related >= 0 ? KeyCodec<TKey>.ToStore(_sessions[related].Key) : null,
            Reason = reason,
            Rule = rule,
        });
    }

    private void RecordSession(int slot)
    {
        if (_store is null)
        {
            return;
        }

        ref Session s = ref _sessions[slot];
        LifecycleAdapter<TStatus, TEvent> adapter = _lifecycles[s.Lifecycle];
        _batch.Sessions.Add(new SessionWrite(
            new StoredSession
            {
                Key = KeyCodec<TKey>.ToStore(s.Key),
                Partition = KeyCodec<TPartition>.ToStore(_partitions[s.Partition].Key),
                Lifecycle = adapter.Name,
                Status = EnumIndex<TStatus>.Name(s.State.Status),
                EnteredAtTicks = s.State.EnteredAtTicks,
                Options = adapter.OptionsText(s.OptionsIndex),
                StartedAtTicks = s.StartedAtTicks,
                LastModifiedTicks = s.LastModifiedTicks,
                Sequence = s.Sequence,
                Reason = s.Reason,
                Countdown0 = Countdown(in s.State, adapter, 0),
                Countdown1 = Countdown(in s.State, adapter, 1),
                Countdown2 = Countdown(in s.State, adapter, 2),
                Countdown3 = Countdown(in s.State, adapter, 3),
            },
            Delete: false));
    }

    private static StoredCountdown Countdown(in SessionState<TStatus> state, LifecycleAdapter<TStatus, TEvent> adapter, int slot)
    {
        long ticks = state.CountdownTicks(slot);
        return ticks != 0 && adapter.CountdownNames[slot] is { } name ? new StoredCountdown(name, ticks) : default;
    }

    private void RecordDelete(int slot)
    {
        if (_store is not null)
        {
            _batch.Sessions.Add(new SessionWrite(new StoredSession { Key = KeyCodec<TKey>.ToStore(_sessions[slot].Key), Sequence = _sessions[slot].Sequence }, Delete: true));
        }
    }

    private void StartWriter()
    {
        if (_options.Durability != Durability.GroupCommit)
        {
            return;
        }

        _writer = new Thread(WriterLoop) { IsBackground = true, Name = "SessionDsl group commit" };
        _writer.Start();
    }

    private void WriterLoop()
    {
        long interval = (long)(_options.GroupCommitInterval.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            lock (_gate)
            {
                while (_batch.IsEmpty && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_batch.IsEmpty || _fault is not null)
                {
                    return; // stopping, and nothing left to commit
                }

                // Let the batch gather for the interval, unless it is full or the host stops.
                while (!_stopping && _batch.Changes.Count < _options.MaxChangesPerCommit)
                {
                    long waited = Stopwatch.GetTimestamp() - _batchStartedAt;
                    if (waited >= interval)
                    {
                        break;
                    }

                    Monitor.Wait(_gate, TimeSpan.FromSeconds((double)(interval - waited) / Stopwatch.Frequency));
                }

                (_batch, _writing) = (_writing, _batch);
                _batchStartedAt = 0;
                Monitor.PulseAll(_gate); // callers held back by a full batch may go on
            }

            long commitStarted = Stopwatch.GetTimestamp();
            try
            {
                _store!.Commit(_writing);
            }
            catch (Exception e)
            {
                ReportCommit(_writing.Changes.Count, 0, commitStarted, e);
                lock (_gate)
                {
                    long first = _writing.Changes.Count > 0 ? _writing.Changes[0].Position : _durablePosition + 1;
                    _fault = new SessionStoreException(
                        $"{StoreName}: a group commit (changes {first} to {_nextPosition - 1}) failed: {e.Message.TrimEnd('.')}. The host accepts no more calls, since its memory is ahead of the store; nothing acknowledged is lost. Dispose it and open a new host on the store to go on from position {_durablePosition}.",
                        e);
                    _usable = false;
                    FailWaiters(_fault);
                    Monitor.PulseAll(_gate);
                }

                SignalCommitted();
                return;
            }

            ReportCommit(_writing.Changes.Count, _writing.LastPosition, commitStarted, null);
            lock (_gate)
            {
                if (_writing.LastPosition > 0)
                {
                    Volatile.Write(ref _durablePosition, _writing.LastPosition);
                }

                _writing.Clear();
                while (_waiters.TryPeek(out TaskCompletionSource? waiter, out long position) && position <= _durablePosition)
                {
                    _waiters.Dequeue();
                    waiter.TrySetResult();
                }
            }

            SignalCommitted();
        }
    }

    private void FailWaiters(Exception error)
    {
        while (_waiters.TryDequeue(out TaskCompletionSource? waiter, out _))
        {
            waiter.TrySetException(error);
        }
    }

    /// <summary>Wakes the feed's subscriptions: something new is committed.</summary>
    private void SignalCommitted() => Interlocked.Exchange(ref _committed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>A task that completes at the next commit.</summary>
    internal Task NextCommit => Volatile.Read(ref _committed).Task;

    private readonly record struct Undo(int Slot, Session Before, TPartition? Partition);
}
