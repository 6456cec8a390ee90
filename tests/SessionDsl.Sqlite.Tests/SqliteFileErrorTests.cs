using Microsoft.Data.Sqlite;
using SessionDsl.Hosting.Storage;
using Xunit;

namespace SessionDsl.Sqlite.Tests;

/// <summary>Files a store cannot use are refused with a message that names the file and the cause, and left as they were.</summary>
public sealed class SqliteFileErrorTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_file_of_random_bytes_is_not_a_store_and_is_left_as_it_was()
    {
        string path = _folder.File("random.db");
        byte[] bytes = new byte[64 * 1024];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        SessionStoreException error = OpenFails(path);

        Assert.Contains(path, error.Message);
        Assert.Contains("is not a SQLite database", error.Message);
        Assert.Contains("SQLITE_NOTADB", error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.False(File.Exists(path + "-wal"));
    }

    [Fact]
    public void Another_applications_database_is_refused_with_what_it_holds_and_nothing_is_written_to_it()
    {
        string path = _folder.File("shop.db");
        Execute(path, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO customers(name) VALUES('Ada')", "CREATE INDEX customers_by_name ON customers(name)");
        byte[] before = File.ReadAllBytes(path);

        SessionStoreException error = OpenFails(path);

        Assert.Contains(path, error.Message);
        Assert.Contains("is a SQLite database but not a SessionDsl store", error.Message);
        Assert.Contains("table customers, index customers_by_name", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.False(File.Exists(path + "-wal"));
    }

    [Fact]
    public void An_empty_database_of_another_application_is_refused_by_its_application_id()
    {
        string path = _folder.File("other.db");
        Execute(path, "PRAGMA application_id = 42", "CREATE TABLE t(x)", "DROP TABLE t");

        SessionStoreException error = OpenFails(path);

        Assert.Contains("its application_id is 0x0000002A (a SessionDsl store's is 0x5344534C) and it holds nothing", error.Message);
    }

    [Fact]
    public void A_store_of_a_newer_schema_version_is_refused_naming_both_versions()
    {
        string path = _folder.File("store.db");
        CreateStore(path, sessions: 3);
        Execute(path, "PRAGMA user_version = 99");
        byte[] before = File.ReadAllBytes(path);

        SessionStoreException error = OpenFails(path);

        Assert.Contains(path, error.Message);
        Assert.Contains("schema version 99, created by SessionDsl.Sqlite ", error.Message);
        Assert.Contains("reads schema version 1 and older", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_store_damaged_in_the_middle_is_reported_as_damaged_when_opened_or_read()
    {
        string path = _folder.File("store.db");
        CreateStore(path, sessions: 3000);
        byte[] bytes = File.ReadAllBytes(path);
        const int Page = 4096;
        int pages = bytes.Length / Page;
        Assert.True(pages > 30, $"the store should span many pages, not {pages}");
        // Junk over the middle third of the pages: leaves of both sessions and changes, interleaved as they were written.
        new Random(11).NextBytes(bytes.AsSpan(pages / 3 * Page, pages / 3 * Page));
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<SessionStoreException>(() =>
        {
            using var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path });
            store.Open();
            _ = store.ReadSessions().Count();
            _ = store.ReadChanges(0, int.MaxValue);
        });

        Assert.Contains(path, error.Message);
        Assert.Contains("is damaged", error.Message);
        Assert.Matches("SQLITE_CORRUPT|SQLITE_NOTADB|names table", error.Message);
    }

    [Fact]
    public void Damage_met_while_reading_the_changes_feed_is_reported_as_damaged()
    {
        // A few sessions, then a long feed: the pages after the first few hold only changes.
        string path = _folder.File("store.db");
        using (var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path }))
        {
            store.Open();
            store.Commit(Sample.Starts(1, 5));
            for (long position = 6; position <= 3000; position += 100)
            {
                var batch = new StoreBatch();
                batch.Changes.AddRange(Enumerable.Range(0, 100).Select(i => Sample.Started(position + i, Sample.Session(1))));
                store.Commit(batch);
            }
        }

        byte[] bytes = File.ReadAllBytes(path);
        int pages = bytes.Length / 4096;
        new Random(13).NextBytes(bytes.AsSpan(pages / 2 * 4096, 4 * 4096));
        File.WriteAllBytes(path, bytes);
        using var damaged = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path });
        damaged.Open();
        Assert.Equal(5, damaged.ReadSessions().Count());

        var error = Assert.Throws<SessionStoreException>(() => damaged.ReadChanges(0, int.MaxValue));

        Assert.Equal($"{path} is damaged: it was found malformed while reading changes (SQLite: database disk image is malformed, SQLITE_CORRUPT). "
            + "Nothing was written to it; restore it from a copy, or try the sqlite3 shell's .recover.", error.Message);
        // Pages before the damage can still be read.
        Assert.Equal(100, damaged.ReadChanges(0, 100).Count);
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_named_in_the_error()
    {
        File.WriteAllText(_folder.File("taken"), "a file where the folder should be");
        string path = Path.Combine(_folder.File("taken"), "store.db");

        SessionStoreException error = OpenFails(path);

        Assert.StartsWith($"{path}: its folder could not be created (", error.Message);
    }

    [Fact]
    public void A_disposed_store_refuses_every_call()
    {
        var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = _folder.File("store.db") });
        store.Open();
        store.Dispose();
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.Open());
        Assert.Throws<ObjectDisposedException>(() => store.ReadSessions());
        Assert.Throws<ObjectDisposedException>(() => store.Commit(new StoreBatch()));
        Assert.Throws<ObjectDisposedException>(() => store.ReadChanges(0, 10));
        Assert.Throws<ObjectDisposedException>(() => store.ReadChanges(0, 0));
        Assert.Throws<ObjectDisposedException>(() => store.ReadAcknowledged("mailer"));
        Assert.Throws<ObjectDisposedException>(() => store.Acknowledge("mailer", 1));
        Assert.Throws<ObjectDisposedException>(() => store.ReadCheckpoint("input"));
    }

    [Fact]
    public void A_store_that_was_never_opened_says_to_open_it_first()
    {
        using var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = _folder.File("store.db") });

        var error = Assert.Throws<InvalidOperationException>(() => store.ReadChanges(0, 10));

        Assert.Contains("call Open", error.Message);
        Assert.False(File.Exists(_folder.File("store.db")));
    }

    private static SessionStoreException OpenFails(string path)
    {
        using var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path });
        return Assert.Throws<SessionStoreException>(() => store.Open());
    }

    private static void CreateStore(string path, int sessions)
    {
        using var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path });
        store.Open();
        for (int first = 1; first <= sessions; first += 100)
        {
            store.Commit(Sample.Starts(first, Math.Min(100, sessions - first + 1)));
        }
    }

    private static void Execute(string path, params string[] statements)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        foreach (string sql in statements)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
