using Microsoft.AspNetCore.Http.HttpResults;
using SessionDsl.Hosting;
using SessionDsl.Messaging;

namespace ContactCenter.Api;

/// <summary>Refusals and bad requests as RFC 7807 problem details: the host's own sentence, and the rule by name.</summary>
internal static class Problems
{
    public static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid", type: "urn:sessiondsl:problem:invalid-request");

    public static ProblemHttpResult NoSession(string key) =>
        TypedResults.Problem($"No session has the key '{key}' (never started, or deleted or merged since).", statusCode: StatusCodes.Status404NotFound, title: "No such session", type: "urn:sessiondsl:problem:unknown-session");

    public static ProblemHttpResult Refused(HostResult<string, MessagingSessionStatus, MessagingSessionEvent> result)
    {
        var extensions = new Dictionary<string, object?> { ["outcome"] = result.Outcome.ToString() };
        switch (result.Outcome)
        {
            case HostOutcome.RuleRefused:
                extensions["rule"] = result.Rule?.Name;
                if (result.HasOther)
                {
                    extensions["otherSession"] = result.Other;
                }

                return TypedResults.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: $"Refused by rule {result.Rule?.Name}", type: "urn:sessiondsl:problem:rule-refused", extensions: extensions);
            case HostOutcome.EventRefused:
                extensions["reason"] = result.Transition.Outcome.ToString();
                extensions["sessionStatus"] = result.Transition.From.ToString();
                return TypedResults.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: "Refused by the lifecycle", type: "urn:sessiondsl:problem:event-refused", extensions: extensions);
            case HostOutcome.UnknownSession:
                return NoSession(result.Key);
            case HostOutcome.KeyInUse:
                return TypedResults.Problem(result.Message, statusCode: StatusCodes.Status409Conflict, title: "The key is in use", type: "urn:sessiondsl:problem:key-in-use", extensions: extensions);
            case HostOutcome.InvalidOptions:
            case HostOutcome.NotAnInitialStatus:
            case HostOutcome.UnknownLifecycle:
                return TypedResults.Problem(result.Message, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid", type: "urn:sessiondsl:problem:invalid-request", extensions: extensions);
            case HostOutcome.None:
            case HostOutcome.Started:
            case HostOutcome.Applied:
            case HostOutcome.Deleted:
            case HostOutcome.Merged:
            default:
                throw new InvalidOperationException($"Outcome {result.Outcome} is not a refusal.");
        }
    }
}

/// <summary>Enum members by name only: "Accept", never "3".</summary>
internal static class Names
{
    public static bool TryParse<T>(string? name, out T value)
        where T : struct, Enum
    {
        value = default;
        return !string.IsNullOrEmpty(name) && char.IsLetter(name[0]) && Enum.TryParse(name, ignoreCase: false, out value) && Enum.IsDefined(value);
    }

    public static string All<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetNames<T>());
}
