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
