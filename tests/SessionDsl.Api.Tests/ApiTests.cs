using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace SessionDsl.Api.Tests;

/// <summary>The contact center's API: sessions started, moved, read, listed and deleted over HTTP, kept in SQLite.</summary>
public sealed class ApiTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<HttpResponseMessage> StartChat(HttpClient client, string key, string user = "ann", string channel = "WhatsApp") =>
        client.PostAsJsonAsync("/sessions", new { key, lifecycle = "EnhancedCustomerInitiated", user, channel, options = "inactivityTimeout=10m" });

    private static Task<HttpResponseMessage> Apply(HttpClient client, string key, string @event) =>
        client.PostAsJsonAsync($"/sessions/{key}/events", new { @event });

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task A_session_is_started_moved_read_listed_and_deleted()
    {
        var time = new FakeTimeProvider(ApiFactory.Start);
        await using var api = new ApiFactory(_folder.File("api.db"), time);
        HttpClient client = api.CreateClient();

        HttpResponseMessage started = await StartChat(client, "chat-1", channel: "WebChat");
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal("/sessions/chat-1", started.Headers.Location?.OriginalString);
        Assert.Equal("Waiting", (await Json(started)).GetProperty("status").GetString());

        JsonElement accepted = await Json(await Apply(client, "chat-1", "Accept"));
        Assert.Equal("Applied Waiting Active", $"{accepted.GetProperty("outcome")} {accepted.GetProperty("from")} {accepted.GetProperty("to")}");
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await Apply(client, "chat-1", "RepMessage")).StatusCode);

        JsonElement session = await client.GetFromJsonAsync<JsonElement>("/sessions/chat-1");
        Assert.Equal("Active", session.GetProperty("status").GetString());
        Assert.Equal(ApiFactory.Start.AddMinutes(11), session.GetProperty("nextDeadline").GetDateTimeOffset()); // the rep's reply + 10 minutes
        Assert.Equal("ann", session.GetProperty("user").GetString());
        Assert.Equal("WebChat", session.GetProperty("channel").GetString());
        Assert.Contains("channel=WebChat", session.GetProperty("options").GetString(), StringComparison.Ordinal);

        // In WhatsApp the same options set no inactivity countdown: the setting exists only in Enhanced Chat and Bring
        // Your Own Channel (service.messaging_auto_end.htm), and the session's channel option follows the request's.
        await StartChat(client, "chat-2", channel: "WhatsApp");
        await Apply(client, "chat-2", "Accept");
        await Apply(client, "chat-2", "RepMessage");
        JsonElement whatsApp = await client.GetFromJsonAsync<JsonElement>("/sessions/chat-2");
        Assert.Equal(JsonValueKind.Null, whatsApp.GetProperty("nextDeadline").ValueKind);

        JsonElement[] anns = (await client.GetFromJsonAsync<JsonElement[]>("/users/ann/channels/WebChat/sessions"))!;
        Assert.Equal(["chat-1"], anns.Select(s => s.GetProperty("key").GetString()));

        HttpResponseMessage refused = await client.DeleteAsync("/sessions/chat-1");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("OnlyClosedSessionsCanBeDeleted", (await Json(refused)).GetProperty("rule").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Apply(client, "chat-1", "EndChat")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/sessions/chat-1")).StatusCode);
        HttpResponseMessage gone = await client.GetAsync("/sessions/chat-1");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Refusals_are_problem_details_that_name_the_rule_or_the_lifecycles_reason()
    {
        await using var api = new ApiFactory(_folder.File("api.db"), new FakeTimeProvider(ApiFactory.Start));
        HttpClient client = api.CreateClient();
        await StartChat(client, "chat-1");
        await Apply(client, "chat-1", "Accept");

        HttpResponseMessage byLifecycle = await Apply(client, "chat-1", "Accept");
        Assert.Equal(HttpStatusCode.Conflict, byLifecycle.StatusCode);
        Assert.Equal("application/problem+json", byLifecycle.Content.Headers.ContentType?.MediaType);
        JsonElement lifecycleProblem = await Json(byLifecycle);
        Assert.Equal("urn:sessiondsl:problem:event-refused", lifecycleProblem.GetProperty("type").GetString());
        Assert.Equal("NotPermitted", lifecycleProblem.GetProperty("reason").GetString());
        Assert.Equal("Active", lifecycleProblem.GetProperty("sessionStatus").GetString());

        HttpResponseMessage byRule = await client.PostAsJsonAsync("/sessions", new
        {
            key = "out-7",
            lifecycle = "EnhancedBusinessInitiated",
            user = "ann",
            channel = "WhatsApp",
            options = "channel=WhatsApp",
            firstEvent = "OpeningMessage",
        });
        Assert.Equal(HttpStatusCode.Conflict, byRule.StatusCode);
        JsonElement ruleProblem = await Json(byRule);
        Assert.Equal("urn:sessiondsl:problem:rule-refused", ruleProblem.GetProperty("type").GetString());
        Assert.Equal("Refused by rule PreviousSessionMustBeClosed", ruleProblem.GetProperty("title").GetString());
        Assert.Equal("PreviousSessionMustBeClosed", ruleProblem.GetProperty("rule").GetString());
        Assert.Equal("chat-1", ruleProblem.GetProperty("otherSession").GetString());
        Assert.Equal(
            "Refused by rule 'PreviousSessionMustBeClosed' of EnhancedBusinessInitiated: OpeningMessage on a new session of EnhancedBusinessInitiated needs every other session of partition 'ann/WhatsApp' to be in Ended or Error, and session 'chat-1' (EnhancedCustomerInitiated) is Active.",
            ruleProblem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sessions/out-7")).StatusCode); // nothing was started

        HttpResponseMessage noSuchEvent = await Apply(client, "chat-1", "Teleport");
        Assert.Equal(HttpStatusCode.BadRequest, noSuchEvent.StatusCode);
        Assert.StartsWith("'Teleport' is not an event; the events are ", (await Json(noSuchEvent)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await Apply(client, "chat-1", "3")).StatusCode); // names only, never numbers
        HttpResponseMessage badOptions = await client.PostAsJsonAsync("/sessions", new { key = "chat-9", lifecycle = "EnhancedCustomerInitiated", user = "bob", channel = "Sms", options = "inactivityTimeout=2h" });
        Assert.Equal(HttpStatusCode.BadRequest, badOptions.StatusCode);
        Assert.StartsWith("Options of EnhancedCustomerInitiated are invalid: ", (await Json(badOptions)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Apply(client, "nobody", "Accept")).StatusCode);
    }

    [Fact]
    public async Task The_app_restarts_in_the_middle_of_a_session_and_its_timer_fires_afterwards()
    {
        string database = _folder.File("api.db");
        var time = new FakeTimeProvider(ApiFactory.Start);
        await using (var first = new ApiFactory(database, time))
        {
            HttpClient client = first.CreateClient();
            await StartChat(client, "chat-1", channel: "WebChat");
            await Apply(client, "chat-1", "Accept");
            await Apply(client, "chat-1", "RepMessage"); // Inactive at 09:10 unless the customer answers
            time.Advance(TimeSpan.FromMinutes(4));
        }

        Assert.True(File.Exists(database));
        time.Advance(TimeSpan.FromMinutes(1)); // the app is down for a minute
        await using var second = new ApiFactory(database, time);
        HttpClient again = second.CreateClient();

        JsonElement restored = await again.GetFromJsonAsync<JsonElement>("/sessions/chat-1");
        Assert.Equal("Active", restored.GetProperty("status").GetString());
        Assert.Equal(ApiFactory.Start.AddMinutes(10), restored.GetProperty("nextDeadline").GetDateTimeOffset());

        time.Advance(TimeSpan.FromMinutes(5)); // the hosted clock of the second app fires the countdown
        JsonElement inactive = default;
        DateTime until = DateTime.UtcNow.AddSeconds(10);
        while ((inactive = await again.GetFromJsonAsync<JsonElement>("/sessions/chat-1")).GetProperty("status").GetString() != "Inactive" && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        Assert.Equal("Inactive", inactive.GetProperty("status").GetString());
        Assert.Equal(ApiFactory.Start.AddMinutes(10), inactive.GetProperty("enteredAt").GetDateTimeOffset()); // at its deadline
        Assert.Equal(ApiFactory.Start.AddMinutes(10).AddHours(30), inactive.GetProperty("nextDeadline").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_endpoint_and_the_health_check_answers()
    {
        await using var api = new ApiFactory(_folder.File("api.db"), new FakeTimeProvider(ApiFactory.Start));
        HttpClient client = api.CreateClient();

        JsonElement document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        JsonElement paths = document.GetProperty("paths");
        Assert.Equal(
            ["/sessions", "/sessions/{key}", "/sessions/{key}/events", "/users/{user}/channels/{channel}/sessions"],
            paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(paths.GetProperty("/sessions/{key}").TryGetProperty("delete", out _));
        Assert.Equal("ApplyEvent", paths.GetProperty("/sessions/{key}/events").GetProperty("post").GetProperty("operationId").GetString());

        HttpResponseMessage health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }
}
