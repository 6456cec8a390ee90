using System.Text.Json.Serialization;
using ContactCenter.Api;
using SessionDsl.Extensions.Hosting;
using SessionDsl.Messaging;
using SessionDsl.Sqlite;

// The contact center's sessions behind a web API: the four messaging lifecycles (their rules come with them) in one
// session host, kept in a SQLite file, with its clock, logs, metrics, spans and health check from AddSessionDsl.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

builder.Services.Configure<SessionDslOptions>(builder.Configuration.GetSection("SessionDsl"));
builder.Services.AddSessionDsl<string, string, MessagingSessionStatus, MessagingSessionEvent>(dsl => dsl
    .AddLifecycle<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>()
    .AddLifecycle<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>()
    .AddLifecycle<StandardCustomerInitiated, StandardCustomerInitiated.Options>()
    .AddLifecycle<StandardBusinessInitiated, StandardBusinessInitiated.Options>()
    .UseStore(services =>
    {
        // Read when the host is made, so configuration a test or the environment adds later is seen.
        string path = services.GetRequiredService<IConfiguration>()["SessionDsl:Store"] ?? Path.Combine("contact-center-data", "api.db");
        string root = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        return new SqliteSessionStore(new SqliteSessionStoreOptions { Path = Path.GetFullPath(path, root) });
    }));

builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

WebApplication app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapHealthChecks("/health");
app.MapSessions();

app.Run();

/// <summary>The application's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
