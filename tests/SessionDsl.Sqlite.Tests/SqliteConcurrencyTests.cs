using SessionDsl.Hosting.Storage;
using Xunit;
using Xunit.Abstractions;

namespace SessionDsl.Sqlite.Tests;

/// <summary>Reads running while commits run: each sees whole committed batches, and sessions stream from one snapshot.</summary>
public sealed class SqliteConcurrencyTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly ITestOutputHelper _output;

    public SqliteConcurrencyTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_changes_feed_read_while_commits_run_shows_only_whole_committed_batches_without_gaps()
    {
        const int Batches = 300;
        const int BatchSize = 7;
        using var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = _folder.File("store.db"), Synchronous = SqliteSynchronous.Normal });
        store.Open();
        using var done = new CancellationTokenSource();
        // The writer starts once both readers run, so that their reads overlap the commits.
        using var started = new CountdownEvent(2);

        Task writer = Task.Factory.StartNew(() =>
        {
            try
            {
                Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the readers did not start");
                for (int batch = 0; batch < Batches; batch++)
                {
                    store.Commit(Sample.Starts((batch * BatchSize) + 1, BatchSize));
                }
            }
            finally
            {
                done.Cancel();
            }
        }, TaskCreationOptions.LongRunning);

        // Two readers: one reads the whole feed each time, one follows it a page at a time as a subscriber would.
        int reads = 0, partial = 0;
        long followed = 0;
        Task whole = Task.Factory.StartNew(() =>
        {
            long seen = 0;
            started.Signal();
            while (!done.IsCancellationRequested)
            {
                IReadOnlyList<StoredChange> feed = store.ReadChanges(0, int.MaxValue);
                Assert.True(feed.Count % BatchSize == 0, $"a read saw {feed.Count} changes, not whole batches of {BatchSize}");
                Assert.True(feed.Count >= seen, "a later read saw fewer changes");
                for (int i = 0; i < feed.Count; i++)
                {
                    Assert.Equal(i + 1, feed[i].Position);
                }

                seen = feed.Count;
                reads++;
                if (feed.Count is > 0 and < Batches * BatchSize)
                {
                    partial++;
                }
            }
        }, TaskCreationOptions.LongRunning);
        Task follower = Task.Factory.StartNew(() =>
        {
            started.Signal();
            // Until the writer is done and a page after that comes back empty.
            while (true)
            {
                bool writerDone = done.IsCancellationRequested;
                IReadOnlyList<StoredChange> page = store.ReadChanges(followed, 5);
                foreach (StoredChange change in page)
                {
                    Assert.Equal(++followed, change.Position);
                }

                if (writerDone && page.Count == 0)
                {
                    break;
                }
            }
        }, TaskCreationOptions.LongRunning);

        await Task.WhenAll(writer, whole, follower);

        _output.WriteLine($"{reads} whole reads, {partial} of them while batches were still being committed");
        Assert.True(partial > 0, "no read overlapped the commits");
        Assert.Equal(Batches * BatchSize, followed);
        Assert.Equal(Batches * BatchSize, store.ReadChanges(0, int.MaxValue).Count);
    }

    [Fact]
    public void Sessions_stream_from_one_snapshot_while_a_commit_deletes_them()
    {
        using var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = _folder.File("store.db") });
        store.Open();
        store.Commit(Sample.Starts(1, 500));
        var deleteAll = new StoreBatch();
        deleteAll.Sessions.AddRange(Enumerable.Range(1, 500).Select(i => new SessionWrite(Sample.Session(i), Delete: true)));

        var read = new List<long>();
        foreach (StoredSession session in store.ReadSessions())
        {
            read.Add(session.Sequence);
            if (read.Count == 1)
            {
                store.Commit(deleteAll);
            }
        }

        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), read);
        Assert.Empty(store.ReadSessions());
    }

    [Fact]
    public void Reading_the_first_session_does_not_load_them_all()
    {
        using var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = _folder.File("store.db") });
        store.Open();
        for (int first = 1; first <= 20_000; first += 1000)
        {
            store.Commit(Sample.Starts(first, 1000));
        }

        _ = store.ReadSessions().First(); // opens and prepares a read connection, loads the names
        long before = GC.GetAllocatedBytesForCurrentThread();
        StoredSession first1 = store.ReadSessions().First();
        long firstOnly = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        int count = store.ReadSessions().Count();
        long all = GC.GetAllocatedBytesForCurrentThread() - before;

        _output.WriteLine($"first session: {firstOnly:N0} bytes allocated; all {count:N0}: {all:N0} bytes");
        Assert.Equal(Sample.Session(1), first1);
        // A list of 20,000 sessions alone would take over 2 MB; streaming reads one row at a time and keeps none.
        Assert.True(firstOnly < 64 * 1024, $"reading one session allocated {firstOnly:N0} bytes");
        Assert.True(all < 20_000 * 64, $"reading 20,000 sessions allocated {all:N0} bytes, {all / 20_000} a session");
    }
}
