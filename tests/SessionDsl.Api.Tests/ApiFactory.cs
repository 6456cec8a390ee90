using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace SessionDsl.Api.Tests;

/// <summary>
/// The sample as it runs, in WebApplicationFactory's in-memory server (no socket is opened): its own appsettings.json
/// (group commit), a SQLite file of the test's own, and a fake clock the test moves.
/// </summary>
internal sealed class ApiFactory(string database, FakeTimeProvider time) : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("SessionDsl:Store", database);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(time));
    }
}

/// <summary>A folder of its own for one test's database files, deleted when the test ends.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sessiondsl-api-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
