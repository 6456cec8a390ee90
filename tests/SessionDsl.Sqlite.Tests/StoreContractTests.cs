using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using Xunit;

namespace SessionDsl.Sqlite.Tests;

/// <summary>
/// What every <see cref="ISessionStore"/> must do, written once and run against each store (see the subclasses): the
/// in-memory store is the reference, so a test that fails only for another store names a difference from it.
/// </summary>
public abstract class StoreContractTests : IDisposable
{
    private readonly List<ISessionStore> _stores = [];

    /// <summary>A store over this test's data: a new one the first time, the same data (reopened) each time after.</summary>
    protected abstract ISessionStore CreateStore();

    protected ISessionStore OpenStore()
    {
        ISessionStore store = CreateStore();
        _stores.Add(store);
        store.Open();
        return store;
    }

    public virtual void Dispose()
    {
        foreach (ISessionStore store in _stores)
        {
            store.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Sessions_are_read_back_with_every_field()
    {
        ISessionStore store = OpenStore();
        StoredSession withInteger = Sample.Session(1) with
        {
            Status = "Active",
            Reason = "rep accepted",
            Countdown0 = new StoredCountdown("CustomerInactivityCountdown", Sample.Day + 123_456_789),
            Countdown2 = new StoredCountdown("BusinessReplyCountdown", Sample.Day + 42),
        };
        StoredSession withText = Sample.Session(2, StoreKey.FromText("5f0c1d2e-0000-4000-8000-000000000002"), StoreKey.FromText("customer-7")) with
        {
            Options = "capacityModel=StatusBased",
            Countdown3 = new StoredCountdown("Last", long.MaxValue),
        };
        var batch = new StoreBatch();
        batch.Sessions.Add(new SessionWrite(withInteger, false));
        batch.Sessions.Add(new SessionWrite(withText, false));

        store.Commit(batch);

        Assert.Equal([withInteger, withText], store.ReadSessions().ToList());
    }

    [Fact]
    public void An_integer_key_and_the_same_digits_as_text_are_two_sessions()
    {
        ISessionStore store = OpenStore();
        var batch = new StoreBatch();
        batch.Sessions.Add(new SessionWrite(Sample.Session(1, StoreKey.FromInteger(42)), false));
        batch.Sessions.Add(new SessionWrite(Sample.Session(2, StoreKey.FromText("42")), false));

        store.Commit(batch);

        Assert.Equal([StoreKey.FromInteger(42), StoreKey.FromText("42")], store.ReadSessions().Select(s => s.Key));
    }

    [Fact]
    public void Sessions_are_read_in_sequence_order_whatever_the_order_written()
    {
        ISessionStore store = OpenStore();
        var batch = new StoreBatch();
        foreach (long sequence in new long[] { 30, 10, 20 })
        {
            batch.Sessions.Add(new SessionWrite(Sample.Session(sequence), false));
        }

        store.Commit(batch);

        Assert.Equal([10L, 20L, 30L], store.ReadSessions().Select(s => s.Sequence));
    }

    [Fact]
    public void A_session_written_again_is_replaced()
    {
        ISessionStore store = OpenStore();
        store.Commit(Sample.Starts(1, 2));
        StoredSession ended = Sample.Session(1) with { Status = "Ended", Reason = null, LastModifiedTicks = Sample.Day + 99 };
        var batch = new StoreBatch();
        batch.Sessions.Add(new SessionWrite(ended, false));

        store.Commit(batch);

        Assert.Equal([ended, Sample.Session(2)], store.ReadSessions().ToList());
    }

    [Fact]
    public void A_deleted_session_is_gone()
    {
        ISessionStore store = OpenStore();
        store.Commit(Sample.Starts(1, 3));
        var batch = new StoreBatch();
        batch.Sessions.Add(new SessionWrite(Sample.Session(2), Delete: true));

        store.Commit(batch);

        Assert.Equal([1L, 3L], store.ReadSessions().Select(s => s.Sequence));
        Assert.Equal(2, store.Open().Sessions);
    }

    [Fact]
    public void A_key_deleted_and_used_again_in_the_same_batch_holds_the_new_session()
    {
        ISessionStore store = OpenStore();
        store.Commit(Sample.Starts(1, 2));
        StoredSession again = Sample.Session(7, StoreKey.FromInteger(1)) with { Status = "Consent" };
        var batch = new StoreBatch();
        batch.Sessions.Add(new SessionWrite(Sample.Session(1), Delete: true));
        batch.Sessions.Add(new SessionWrite(again, Delete: false));

        store.Commit(batch);

        Assert.Equal([Sample.Session(2), again], store.ReadSessions().ToList());
    }

    [Fact]
    public void A_key_written_under_a_new_sequence_replaces_the_old_session()
    {
        // The reference store replaces by key: the session that held the key is gone, the new one is in its place.
        ISessionStore store = OpenStore();
        store.Commit(Sample.Starts(1, 2));
        StoredSession again = Sample.Session(9, StoreKey.FromInteger(1));
        var batch = new StoreBatch();
        batch.Sessions.Add(new SessionWrite(again, Delete: false));

        store.Commit(batch);

        Assert.Equal([Sample.Session(2), again], store.ReadSessions().ToList());
    }

    [Fact]
    public void Changes_are_read_back_in_order_with_every_field()
    {
        ISessionStore store = OpenStore();
        StoreKey text = StoreKey.FromText("session-a");
        StoredChange[] changes =
        [
            Sample.Started(1, Sample.Session(1)),
            new()
            {
                Position = 2, AtTicks = Sample.Day + 5, Kind = SessionChangeKind.Transition, Key = text, Partition = StoreKey.FromText("user-1"),
                Lifecycle = "EnhancedCustomerInitiated", From = "Waiting", To = "Active", Event = "Accept", Reason = "bot",
            },
            new()
            {
                Position = 3, AtTicks = Sample.Day + 6, Kind = SessionChangeKind.TimerFired, Key = StoreKey.FromInteger(-3), Partition = StoreKey.FromInteger(0),
                Lifecycle = "EnhancedCustomerInitiated", From = "Active", To = "Inactive", Timer = "CustomerInactivityCountdown",
            },
            new()
            {
                Position = 4, AtTicks = Sample.Day + 7, Kind = SessionChangeKind.Merged, Key = StoreKey.FromInteger(4), Partition = StoreKey.FromInteger(1),
                Lifecycle = "StandardCustomerInitiated", From = "Active", To = "Error", Event = "RecordFailure", Related = text, Reason = "cause 7", Rule = "mergeRepeatedIn",
            },
            new()
            {
                Position = 5, AtTicks = Sample.Day + 8, Kind = SessionChangeKind.Deleted, Key = StoreKey.FromInteger(4), Partition = StoreKey.FromInteger(1),
                Lifecycle = "StandardCustomerInitiated", From = "Error", To = "Error", Related = StoreKey.FromInteger(77),
            },
        ];
        var batch = new StoreBatch();
        batch.Changes.AddRange(changes);

        store.Commit(batch);

        Assert.Equal(changes, store.ReadChanges(0, 100));
    }

    [Fact]
    public void Changes_are_paged_by_position()
    {
        ISessionStore store = OpenStore();
        store.Commit(Sample.Starts(1, 4));
        store.Commit(Sample.Starts(5, 3));
        store.Commit(Sample.Starts(8, 3));

        Assert.Equal([1L, 2L, 3L, 4L], store.ReadChanges(0, 4).Select(c => c.Position));
        Assert.Equal([5L, 6L, 7L, 8L], store.ReadChanges(4, 4).Select(c => c.Position));
        Assert.Equal([9L, 10L], store.ReadChanges(8, 4).Select(c => c.Position));
        Assert.Empty(store.ReadChanges(10, 4));
        Assert.Empty(store.ReadChanges(0, 0));
        Assert.Equal(10, store.ReadChanges(-5, int.MaxValue).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.ReadChanges(0, -1));
    }

    [Fact]
    public void Acknowledgements_never_go_back()
    {
        ISessionStore store = OpenStore();
        store.Commit(Sample.Starts(1, 10));

        store.Acknowledge("mailer", 7);
        store.Acknowledge("mailer", 3);
        store.Acknowledge("audit", 2);

        Assert.Equal(7, store.ReadAcknowledged("mailer"));
        Assert.Equal(2, store.ReadAcknowledged("audit"));
        Assert.Equal(0, store.ReadAcknowledged("never"));
        store.Acknowledge("mailer", 9);
        Assert.Equal(9, store.ReadAcknowledged("mailer"));
    }

    [Fact]
    public void Checkpoints_are_committed_with_the_batch_and_the_last_one_wins()
    {
        ISessionStore store = OpenStore();
        Assert.Null(store.ReadCheckpoint("input"));
        StoreBatch first = Sample.Starts(1, 1);
        first.Checkpoints["input"] = "offset 10";
        first.Checkpoints["other"] = "";
        store.Commit(first);
        var second = new StoreBatch();
        second.Checkpoints["input"] = "offset 20";

        store.Commit(second);

        Assert.Equal("offset 20", store.ReadCheckpoint("input"));
        Assert.Equal("", store.ReadCheckpoint("other"));
        Assert.Null(store.ReadCheckpoint("Input"));
    }

    [Fact]
    public void An_empty_batch_changes_nothing()
    {
        ISessionStore store = OpenStore();
        store.Commit(Sample.Starts(1, 2));

        store.Commit(new StoreBatch());

        Assert.Equal(new StoreHead(2, 2, 2, store.Open().Description), store.Open());
        Assert.Equal(2, store.ReadSessions().Count());
        Assert.Equal(2, store.ReadChanges(0, 10).Count);
    }

    [Theory]
    [InlineData(4L, 5L)] // the first change skips position 3
    [InlineData(3L, 5L)] // the second change skips position 4
    [InlineData(2L, 3L)] // the first change repeats position 2
    public void A_batch_with_a_position_gap_is_refused_and_nothing_of_it_is_written(long first, long second)
    {
        ISessionStore store = OpenStore();
        store.Commit(Sample.Starts(1, 2));
        var batch = new StoreBatch();
        StoredSession session = Sample.Session(3);
        batch.Sessions.Add(new SessionWrite(session, false));
        batch.Sessions.Add(new SessionWrite(Sample.Session(1), Delete: true));
        batch.Changes.Add(Sample.Started(first, session));
        batch.Changes.Add(Sample.Started(second, session));
        batch.Checkpoints["input"] = "moved";

        var error = Assert.Throws<SessionStoreException>(() => store.Commit(batch));

        Assert.Contains("nothing", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([Sample.Session(1), Sample.Session(2)], store.ReadSessions().ToList());
        Assert.Equal([1L, 2L], store.ReadChanges(0, 10).Select(c => c.Position));
        Assert.Null(store.ReadCheckpoint("input"));
        Assert.Equal((2L, 2L, 2L), Head(store.Open()));
    }

    [Fact]
    public void The_first_batch_must_start_at_position_one()
    {
        ISessionStore store = OpenStore();
        StoreBatch batch = Sample.Starts(2, 1);

        Assert.Throws<SessionStoreException>(() => store.Commit(batch));
        Assert.Empty(store.ReadSessions());
    }

    [Fact]
    public void Open_reports_the_last_position_the_last_sequence_and_the_sessions()
    {
        ISessionStore store = OpenStore();
        Assert.Equal((0L, 0L, 0L), Head(store.Open()));
        store.Commit(Sample.Starts(1, 5));
        var batch = new StoreBatch();
        batch.Sessions.Add(new SessionWrite(Sample.Session(5), Delete: true));
        batch.Sessions.Add(new SessionWrite(Sample.Session(4), Delete: true));
        batch.Changes.Add(Sample.Started(6, Sample.Session(5)) with { Kind = SessionChangeKind.Deleted });

        store.Commit(batch);

        // The last sequence is the largest ever committed, even when that session is deleted.
        Assert.Equal((6L, 5L, 3L), Head(store.Open()));
    }

    [Fact]
    public void A_store_opened_again_holds_everything()
    {
        ISessionStore store = OpenStore();
        StoreBatch batch = Sample.Starts(1, 3);
        batch.Checkpoints["input"] = "offset 3";
        store.Commit(batch);
        store.Acknowledge("mailer", 2);
        store.Dispose();

        ISessionStore again = OpenStore();

        Assert.Equal((3L, 3L, 3L), Head(again.Open()));
        Assert.Equal([Sample.Session(1), Sample.Session(2), Sample.Session(3)], again.ReadSessions().ToList());
        Assert.Equal(batch.Changes, again.ReadChanges(0, 10));
        Assert.Equal("offset 3", again.ReadCheckpoint("input"));
        Assert.Equal(2, again.ReadAcknowledged("mailer"));
        again.Commit(Sample.Starts(4, 1));
        Assert.Equal(4, again.ReadSessions().Count());
    }

    private static (long LastPosition, long LastSequence, long Sessions) Head(StoreHead head) => (head.LastPosition, head.LastSequence, head.Sessions);
}

/// <summary>The contract on the reference store.</summary>
public sealed class InMemoryStoreContractTests : StoreContractTests
{
    private readonly InMemorySessionStore _store = new();

    // Its contents outlive Dispose, as a file outlives the store that closes it.
    protected override ISessionStore CreateStore() => _store;
}

/// <summary>The contract on a SQLite file in a temporary folder.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TemporaryFolder _folder = new();

    protected override ISessionStore CreateStore() => new SqliteSessionStore(new SqliteSessionStoreOptions { Path = _folder.File("store.db") });

    public override void Dispose()
    {
        base.Dispose();
        _folder.Dispose();
    }
}
