using Microsoft.Data.Sqlite;
using SessionDsl.Hosting.Storage;
using Xunit;

namespace SessionDsl.Sqlite.Tests;

/// <summary>What a SQLite store keeps across closing, crashing and failed commits.</summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_store_copied_while_open_as_a_killed_process_leaves_it_opens_with_every_commit()
    {
        // Files copied while the store is open are what a killed process leaves: commits in the WAL, not yet in the file.
        string path = _folder.File("store.db");
        string copy = _folder.File("copy.db");
        using (var store = Open(path))
        {
            StoreBatch batch = Sample.Starts(1, 50);
            batch.Checkpoints["input"] = "offset 50";
            store.Commit(batch);
            store.Commit(Sample.Starts(51, 50));
            store.Acknowledge("mailer", 60);

            Assert.True(new FileInfo(path + "-wal").Length > 0, "the commits should still be in the WAL");
            File.Copy(path, copy);
            File.Copy(path + "-wal", copy + "-wal");
        }

        using var reopened = Open(copy);

        Assert.Equal(new StoreHead(100, 100, 100, copy), reopened.Open());
        Assert.Equal(Enumerable.Range(1, 100).Select(i => Sample.Session(i)), reopened.ReadSessions());
        Assert.Equal(100, reopened.ReadChanges(0, 1000).Count);
        Assert.Equal("offset 50", reopened.ReadCheckpoint("input"));
        Assert.Equal(60, reopened.ReadAcknowledged("mailer"));
    }

    [Fact]
    public void A_store_disposed_without_checkpointing_its_WAL_opens_with_every_commit()
    {
        // While another connection has the file open (it has read from it), closing the store's connections does not
        // fold the WAL back into the file; that connection is read-only, so its own close cannot either.
        string path = _folder.File("store.db");
        using (var store = Open(path))
        {
            store.Commit(Sample.Starts(1, 20));
            using var holder = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            holder.Open();
            using (SqliteCommand read = holder.CreateCommand())
            {
                read.CommandText = "SELECT count(*) FROM sessions";
                Assert.Equal(20L, read.ExecuteScalar());
            }

            store.Dispose();
            Assert.True(new FileInfo(path + "-wal").Length > 0, "the store's dispose should have left the WAL");
        }

        Assert.True(File.Exists(path + "-wal"));
        using var reopened = Open(path);

        Assert.Equal(new StoreHead(20, 20, 20, path), reopened.Open());
        Assert.Equal(Enumerable.Range(1, 20).Select(i => Sample.Session(i)), reopened.ReadSessions());
    }

    [Fact]
    public void A_disposed_store_folds_its_WAL_back_into_the_file()
    {
        string path = _folder.File("store.db");
        using (var store = Open(path))
        {
            store.Commit(Sample.Starts(1, 20));
        }

        Assert.False(File.Exists(path + "-wal"));
        using var reopened = Open(path);
        Assert.Equal(20, reopened.ReadSessions().Count());
    }

    [Fact]
    public void A_batch_that_fails_midway_writes_nothing_and_the_names_it_added_are_forgotten()
    {
        string path = _folder.File("store.db");
        using var store = Open(path);
        store.Commit(Sample.Starts(1, 1));
        var failing = new StoreBatch();
        failing.Sessions.Add(new SessionWrite(Sample.Session(2) with { Lifecycle = "NewLifecycle", Options = "new options" }, false));
        failing.Sessions.Add(new SessionWrite(Sample.Session(3) with { Status = null! }, false));
        failing.Changes.Add(Sample.Started(2, Sample.Session(2)));

        Assert.Throws<ArgumentException>(() => store.Commit(failing));

        Assert.Equal([Sample.Session(1)], store.ReadSessions());
        Assert.Single(store.ReadChanges(0, 10));
        // Had the writer kept the ids it gave these names in the rolled-back transaction, this session would point at
        // names the file does not hold, and reading it back would fail.
        StoredSession next = Sample.Session(2) with { Status = "Consent", Lifecycle = "NewLifecycle", Options = "new options" };
        var batch = new StoreBatch();
        batch.Sessions.Add(new SessionWrite(next, false));
        batch.Changes.Add(Sample.Started(2, next));
        store.Commit(batch);
        store.Dispose();

        using var reopened = Open(path);
        Assert.Equal([Sample.Session(1), next], reopened.ReadSessions());
        Assert.Equal(2, reopened.ReadChanges(0, 10).Count);
    }

    [Fact]
    public void A_second_store_writing_the_same_file_is_refused_at_its_commit()
    {
        string path = _folder.File("store.db");
        using var first = Open(path);
        using var second = Open(path);
        first.Commit(Sample.Starts(1, 40));

        // The second store opened the file at position 0, so its batch passes its own gap check.
        var error = Assert.Throws<SessionStoreException>(() => second.Commit(Sample.Starts(1, 1)));

        Assert.Equal($"{path}: another writer has committed to this store since it was opened here (this store expected last position 0); "
            + "nothing of the batch was written. Open a store file from one SqliteSessionStore at a time.", error.Message);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => Sample.Session(i)), second.ReadSessions());
    }

    [Theory]
    [InlineData(SqliteSynchronous.Full)]
    [InlineData(SqliteSynchronous.Normal)]
    public void A_store_in_a_missing_folder_is_created_there_with_either_durability(SqliteSynchronous synchronous)
    {
        string path = Path.Combine(_folder.Path, "a", "b", "store.db");
        using (var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path, Synchronous = synchronous }))
        {
            store.Open();
            store.Commit(Sample.Starts(1, 3));
        }

        using var reopened = Open(path);
        Assert.Equal(3, reopened.Open().Sessions);
    }

    [Fact]
    public void An_empty_file_is_made_a_store()
    {
        string path = _folder.File("store.db");
        File.WriteAllBytes(path, []);

        using var store = Open(path);
        store.Commit(Sample.Starts(1, 1));

        Assert.Single(store.ReadSessions());
    }

    private static SqliteSessionStore Open(string path)
    {
        var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path });
        store.Open();
        return store;
    }
}
