using Microsoft.AspNetCore.Http.HttpResults;
using SessionDsl;
using SessionDsl.Extensions.Hosting;
using SessionDsl.Hosting;
using SessionDsl.Messaging;

namespace ContactCenter.Api;

/// <summary>The API: start a session, apply an event, read a session, list a messaging user's sessions, delete one.</summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder sessions = app.MapGroup("/sessions").WithTags("Sessions");
        sessions.MapPost("/", StartAsync)
            .WithName("StartSession")
            .WithSummary("Starts a session of a lifecycle for a messaging user in a channel, optionally with its first event.");
        sessions.MapGet("/{key}", Get)
            .WithName("GetSession")
            .WithSummary("Reads a session: its status, since when, its options and its next deadline.");
        sessions.MapPost("/{key}/events", ApplyAsync)
            .WithName("ApplyEvent")
            .WithSummary("Applies an event to a session; refusals are problem details naming the rule or the lifecycle's reason.");
        sessions.MapDelete("/{key}", DeleteAsync)
            .WithName("DeleteSession")
            .WithSummary("Deletes a session, if its lifecycle's rules allow it in its status.");
        app.MapGet("/users/{user}/channels/{channel}/sessions", ListForUser)
            .WithTags("Sessions")
            .WithName("ListUserSessions")
            .WithSummary("Lists a messaging user's sessions in one channel, oldest first.");
        return app;
    }

    /// <summary>
    /// The request's options, with the lifecycle's <c>channel</c> option set from the request's channel when the
    /// lifecycle has one, the text does not set it, and the channel is one of its values: the channel decides guards
    /// (customer inactivity and ending by the customer exist only in Enhanced Chat and Bring Your Own Channel).
    /// </summary>
    public static string? WithChannel(LifecycleDescription<MessagingSessionStatus, MessagingSessionEvent> lifecycle, string? options, string channel)
    {
        OptionInfo? option = lifecycle.Options.FirstOrDefault(o => o.Name == "channel");
        bool set = options is not null && options.Split(';').Any(part => part.Split('=')[0].Trim() == "channel");
        if (option is null || set || !option.Values.Contains(channel, StringComparer.Ordinal))
        {
            return options;
        }

        return string.IsNullOrWhiteSpace(options) ? $"channel={channel}" : $"{options}; channel={channel}";
    }

    /// <summary>A messaging user in one channel: the partition the rules across sessions span.</summary>
    public static string Partition(string user, string channel) => $"{user}/{channel}";

    private static async Task<Results<Created<SessionResource>, ProblemHttpResult>> StartAsync(
        StartSessionRequest request,
        SessionLifecycles<string, string, MessagingSessionStatus, MessagingSessionEvent> lifecycles,
        SessionHost<string, string, MessagingSessionStatus, MessagingSessionEvent> host,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Key) || string.IsNullOrWhiteSpace(request.User) || string.IsNullOrWhiteSpace(request.Channel) || string.IsNullOrWhiteSpace(request.Lifecycle))
        {
            return Problems.Invalid("key, lifecycle, user and channel are required.");
        }

        if (lifecycles.Find(request.Lifecycle) is null)
        {
            return Problems.Invalid($"No lifecycle named '{request.Lifecycle}'; the service runs {string.Join(", ", lifecycles.Descriptions.Select(d => d.Name))}.");
        }

        MessagingSessionEvent? firstEvent = null;
        if (request.FirstEvent is { } name)
        {
            if (!Names.TryParse(name, out MessagingSessionEvent parsed))
            {
                return Problems.Invalid($"'{name}' is not an event; the events are {Names.All<MessagingSessionEvent>()}.");
            }

            firstEvent = parsed;
        }

        HostResult<string, MessagingSessionStatus, MessagingSessionEvent> result;
        try
        {
            string? options = WithChannel(lifecycles.Find(request.Lifecycle)!, request.Options, request.Channel);
            result = lifecycles.Start(request.Lifecycle, request.Key, Partition(request.User, request.Channel), options, firstEvent: firstEvent, reason: request.Reason);
        }
        catch (FormatException invalid)
        {
            return Problems.Invalid(invalid.Message);
        }

        if (!result.Succeeded)
        {
            return Problems.Refused(result);
        }

        await host.WhenDurableAsync(result.Position, cancellationToken);
        return TypedResults.Created($"/sessions/{Uri.EscapeDataString(request.Key)}", SessionResource.From(host.Get(request.Key)));
    }

    private static Results<Ok<SessionResource>, ProblemHttpResult> Get(string key, SessionHost<string, string, MessagingSessionStatus, MessagingSessionEvent> host) =>
        host.TryGet(key, out var view) ? TypedResults.Ok(SessionResource.From(view)) : Problems.NoSession(key);

    private static async Task<Results<Ok<EventResult>, ProblemHttpResult>> ApplyAsync(
        string key,
        ApplyEventRequest request,
        SessionHost<string, string, MessagingSessionStatus, MessagingSessionEvent> host,
        CancellationToken cancellationToken)
    {
        if (!Names.TryParse(request.Event, out MessagingSessionEvent @event))
        {
            return Problems.Invalid($"'{request.Event}' is not an event; the events are {Names.All<MessagingSessionEvent>()}.");
        }

        HostResult<string, MessagingSessionStatus, MessagingSessionEvent> result = await host.ApplyAsync(key, @event, request.Reason, cancellationToken);
        if (!result.Succeeded)
        {
            return Problems.Refused(result);
        }

        SessionResource? session = host.TryGet(key, out var view) ? SessionResource.From(view) : null; // a merge keeps no session
        return TypedResults.Ok(new EventResult(result.Outcome.ToString(), result.Transition.From.ToString(), result.Transition.To.ToString(), result.HasOther ? result.Other : null, session));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string key, SessionHost<string, string, MessagingSessionStatus, MessagingSessionEvent> host, CancellationToken cancellationToken)
    {
        HostResult<string, MessagingSessionStatus, MessagingSessionEvent> result = await host.DeleteAsync(key, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : Problems.Refused(result);
    }

    private static Ok<SessionResource[]> ListForUser(string user, string channel, SessionHost<string, string, MessagingSessionStatus, MessagingSessionEvent> host) =>
        TypedResults.Ok(host.GetPartition(Partition(user, channel)).Select(SessionResource.From).ToArray());
}

/// <summary>Starts a session.</summary>
/// <param name="Key">The application's key for the session.</param>
/// <param name="Lifecycle">The lifecycle, by name (for example EnhancedCustomerInitiated).</param>
/// <param name="User">The messaging user.</param>
/// <param name="Channel">The channel (for example WhatsApp); the user and channel are the partition the rules span.</param>
/// <param name="Options">The session's options as text (for example "inactivityTimeout=10m"); null for the defaults.</param>
/// <param name="FirstEvent">An event applied as part of the start (a rep's OpeningMessage, say); if refused, nothing starts.</param>
/// <param name="Reason">A reason kept with the first event's status.</param>
public sealed record StartSessionRequest(string Key, string Lifecycle, string User, string Channel, string? Options = null, string? FirstEvent = null, string? Reason = null);

/// <summary>Applies an event.</summary>
/// <param name="Event">The event, by name (for example Accept).</param>
/// <param name="Reason">Why (a failure's cause, say): kept with the status it leads to.</param>
public sealed record ApplyEventRequest(string Event, string? Reason = null);

/// <summary>What an applied event did.</summary>
/// <param name="Outcome">Applied, or Merged (the session was merged into the user's previous one by rule).</param>
/// <param name="From">The status the event was applied in.</param>
/// <param name="To">The status it led to.</param>
/// <param name="MergedInto">For a merge: the session it was merged into.</param>
/// <param name="Session">The session now; null when it was merged.</param>
public sealed record EventResult(string Outcome, string From, string To, string? MergedInto, SessionResource? Session);

/// <summary>A session as the API shows it.</summary>
/// <param name="Key">Its key.</param>
/// <param name="User">The messaging user.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Lifecycle">Its lifecycle.</param>
/// <param name="Status">Its status.</param>
/// <param name="EnteredAt">When it entered its status.</param>
/// <param name="Options">Its options as text.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="LastModified">When it last changed.</param>
/// <param name="NextDeadline">When its next timer is due, or null.</param>
/// <param name="Reason">The reason kept with its status, if any.</param>
public sealed record SessionResource(string Key, string User, string Channel, string Lifecycle, string Status, DateTimeOffset EnteredAt, string Options, DateTimeOffset StartedAt, DateTimeOffset LastModified, DateTimeOffset? NextDeadline, string? Reason)
{
    public static SessionResource From(SessionView<string, string, MessagingSessionStatus> view)
    {
        int slash = view.Partition.LastIndexOf('/');
        return new SessionResource(
            view.Key,
            slash < 0 ? view.Partition : view.Partition[..slash],
            slash < 0 ? string.Empty : view.Partition[(slash + 1)..],
            view.Lifecycle,
            view.Status.ToString(),
            view.State.EnteredAt,
            view.OptionsText,
            view.StartedAt,
            view.LastModified,
            view.NextDeadline,
            view.Reason);
    }
}
