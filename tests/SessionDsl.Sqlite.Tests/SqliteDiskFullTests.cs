using SessionDsl.Hosting.Storage;
using SessionDsl.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace SessionDsl.Sqlite.Tests;

/// <summary>
/// A disk that fills during a commit: the commit fails having written nothing, the store still reads what it held,
/// and once space is freed the next commit succeeds. The disk is a small tmpfs mounted for the test (the tests run as
/// root here); where mounting is not permitted, the file's page limit (PRAGMA max_page_count) stands in for it.
/// </summary>
public sealed class SqliteDiskFullTests : IDisposable
{
    private const int MountBytes = 1024 * 1024;
    private const int FillerBytes = 256 * 1024;

    private readonly TemporaryFolder _folder = new();
    private readonly ITestOutputHelper _output;
    private readonly SmallDisk _disk;
    private readonly string _mount;
    private readonly bool _mounted;

    public SqliteDiskFullTests(ITestOutputHelper output)
    {
        _output = output;
        _disk = new SmallDisk(_folder.File("disk"), MountBytes);
        _mount = _disk.Path;
        _mounted = _disk.Mounted;
        _output.WriteLine(_mounted ? $"disk full: {_disk.Why}" : $"disk full: {_disk.Why}; PRAGMA max_page_count fills the file instead");
    }

    public void Dispose()
    {
        _disk.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void A_full_disk_fails_the_commit_whole_and_a_commit_succeeds_once_space_is_freed()
    {
        string path = Path.Combine(_mount, "store.db");
        string filler = Path.Combine(_mount, "filler");
        var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path });
        try
        {
            store.Open();
            if (_mounted)
            {
                File.WriteAllBytes(filler, new byte[FillerBytes]);
            }
            else
            {
                store.Commit(Sample.Starts(1, 1));
                store.SetMaxPageCount(30);
            }

            // Commit until the disk is full; the first commit that fails is the one under test.
            long next = _mounted ? 1 : 2;
            StoreBatch? failed = null;
            SessionStoreException? error = null;
            for (int attempt = 0; attempt < 10_000 && failed is null; attempt++)
            {
                StoreBatch batch = Sample.Starts(next, 50);
                batch.Checkpoints["input"] = $"offset {next + 49}";
                try
                {
                    store.Commit(batch);
                    next += 50;
                }
                catch (SessionStoreException e)
                {
                    (failed, error) = (batch, e);
                }
            }

            Assert.NotNull(failed);
            _output.WriteLine($"the commit of sessions {next} to {next + 49} failed: {error!.Message}");
            Assert.Contains(path, error.Message);
            Assert.Contains("the disk is full", error.Message);
            Assert.Contains($"nothing of the batch of 50 session writes, 50 changes (positions {next} to {next + 49}) and 1 checkpoint was written", error.Message);
            Assert.Contains("SQLITE_FULL", error.Message);

            // Still readable, holding exactly what it held before the failed commit.
            long committed = next - 1;
            Assert.Equal(Enumerable.Range(1, (int)committed).Select(i => Sample.Session(i)), store.ReadSessions());
            Assert.Equal(committed, store.ReadChanges(0, int.MaxValue).Count);
            Assert.Equal($"offset {committed}", store.ReadCheckpoint("input"));
            Assert.Equal(new StoreHead(committed, committed, committed, path), store.Open());

            if (_mounted)
            {
                File.Delete(filler);
            }
            else
            {
                store.SetMaxPageCount(1_000_000);
            }

            store.Commit(failed);

            Assert.Equal(committed + 50, store.ReadSessions().Count());
            store.Dispose();
            using var reopened = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path });
            Assert.Equal(new StoreHead(committed + 50, committed + 50, committed + 50, path), reopened.Open());
            Assert.Equal($"offset {committed + 50}", reopened.ReadCheckpoint("input"));
        }
        finally
        {
            // Closed before the tmpfs is unmounted.
            store.Dispose();
        }
    }
}
