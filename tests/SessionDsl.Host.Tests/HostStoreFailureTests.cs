using Microsoft.Extensions.Time.Testing;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using SessionDsl.Messaging;
using SessionDsl.Sqlite;
using SessionDsl.Tests.Shared;
using Xunit;
using Xunit.Abstractions;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Host.Tests;

/// <summary>
/// The host on a real SQLite file that cannot be used or that fills up: a clear error naming the file and the cause,
/// nothing acknowledged lost, and with per-call commits memory never ahead of the disk.
/// </summary>
public sealed class HostStoreFailureTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sessiondsl-failure-").FullName;

    [Fact]
    public void A_file_of_random_bytes_stops_the_host_from_opening_with_the_path_and_the_cause()
    {
        string path = Path.Combine(_folder, "junk.db");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251))]);

        SessionStoreException error = Assert.Throws<SessionStoreException>(() => OpenHost(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("not a SQLite database", error.Message);
        Assert.Equal(8192, new FileInfo(path).Length);
    }

    [Fact]
    public void A_store_written_by_a_newer_schema_stops_the_host_from_opening()
    {
        string path = Path.Combine(_folder, "newer.db");
        using (var store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path }))
        {
            store.Open();
        }

        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        SessionStoreException error = Assert.Throws<SessionStoreException>(() => OpenHost(path));

        Assert.Contains("schema version 99", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData(Durability.PerCall)]
    [InlineData(Durability.GroupCommit)]
    public async Task A_disk_that_fills_up_loses_nothing_acknowledged_and_memory_is_never_ahead_of_it(Durability durability)
    {
        using var disk = new SmallDisk(Path.Combine(_folder, "disk"), 2 * 1024 * 1024);
        var failing = disk.Mounted ? null : new FailingStore(new InMemorySessionStore());
        output.WriteLine(disk.Mounted ? $"disk full: {disk.Why}" : $"disk full: {disk.Why}; a store that fails its commits stands in for it");
        string path = Path.Combine(disk.Path, "store.db");
        var time = new FakeTimeProvider(Messaging.Start);
        var acknowledged = new List<string>();
        var f = new Messaging.Fixture(time, store: (ISessionStore?)failing ?? new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path }), durability: durability);
        f.Customer("first", "user/Sms");
        disk.Fill(leave: 64 * 1024);
        failing?.FailAfter = 50;

        SessionStoreException? full = null;
        for (int i = 0; i < 100_000 && full is null; i++)
        {
            try
            {
                await f.Host.StartAsync($"s{i}", $"user{i}/Sms", f.EnhancedCustomer, Messaging.TenMinutes);
                acknowledged.Add($"s{i}");
            }
            catch (SessionStoreException e)
            {
                full = e;
            }
        }

        Assert.NotNull(full);
        output.WriteLine($"after {acknowledged.Count} acknowledged starts: {full.Message}");
        if (disk.Mounted)
        {
            Assert.Contains("the disk is full", full.Message);
        }

        if (durability == Durability.PerCall)
        {
            // Memory is what the disk holds: the refused start is in neither, and the host goes on once there is room.
            Assert.Equal(acknowledged.Count + 1, f.Host.Count);
            Assert.Null(f.Host.CheckConsistency());
            disk.Free();
            failing?.Failing = false;
            f.Host.Start("after", "user/Sms", f.EnhancedCustomer).OrThrow();
        }
        else
        {
            // Memory may be ahead of the disk: the host takes no more calls until it is opened again.
            Assert.Throws<SessionStoreException>(() => f.Host.Apply("first", E.Accept));
            disk.Free();
            failing?.Failing = false;
        }

        await f.DisposeAsync();
        ISessionStore reopened = (ISessionStore?)failing ?? new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path });
        await using var again = new Messaging.Fixture(time, store: reopened, durability: durability);
        Assert.All(acknowledged.Prepend("first"), key => Assert.Equal(S.Waiting, again.Status(key)));
        Assert.Null(again.Host.CheckConsistency());
        if (durability == Durability.PerCall)
        {
            Assert.Equal(acknowledged.Count + 2, again.Host.Count);
        }
    }

    private static SessionHost<string, string, S, E> OpenHost(string path)
    {
        var host = new SessionHost<string, string, S, E>(new SessionHostOptions
        {
            TimeProvider = new FakeTimeProvider(Messaging.Start),
            Store = new SqliteSessionStore(new SqliteSessionStoreOptions { Path = path }),
        });
        host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>();
        host.Open();
        return host;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
