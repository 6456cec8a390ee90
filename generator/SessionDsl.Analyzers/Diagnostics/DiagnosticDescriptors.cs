using Microsoft.CodeAnalysis;

namespace SessionDsl.Analyzers.Diagnostics;

/// <summary>
/// Every C# diagnostic SessionDsl reports in a consumer's code. IDs are literal so that release tracking
/// (AnalyzerReleases.*.md) checks them; the code fixes repeat the IDs they fix as literals too.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "SessionDsl.Usage";

    /// <summary>Property naming the events the code fix may offer instead (comma-separated member names).</summary>
    public const string LegalEventsProperty = "LegalEvents";

    /// <summary>Property naming the statuses a switch is missing (comma-separated member names).</summary>
    public const string MissingStatesProperty = "MissingStates";

    /// <summary>Property holding a fully qualified type name (the event or status enum) for the code fixes.</summary>
    public const string TypeProperty = "Type";

    public static readonly DiagnosticDescriptor IllegalConstantTransition = Create(
        "SDSL1001",
        "A constant transition the lifecycle does not allow",
        "'{0}' has no transition from '{1}' on '{2}'; from '{1}' it allows: {3}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EventIllegalInEveryStatus = Create(
        "SDSL1002",
        "An event illegal in every status the session may be in",
        "'{0}' allows '{1}' in none of the statuses '{2}' may be in here ({3}); allowed here: {4}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EventIllegalInSomeStatus = Create(
        "SDSL1003",
        "An event illegal in some status the session may be in",
        "'{2}' may be in {3} here, where '{0}' does not allow '{1}'; allowed in every status it may be in: {4}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SwitchHandlesImpossibleStatus = Create(
        "SDSL1004",
        "A switch handles a status the lifecycle never has",
        "'{0}' is never in status '{1}'; its statuses are: {2}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SwitchOmitsPossibleStatus = Create(
        "SDSL1005",
        "A switch omits a status the session may be in",
        "The switch on the status of '{0}' does not handle {1}, which '{2}' may be in here; add the missing cases or a default",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor StatusWriteBypassesLifecycle = Create(
        "SDSL1006",
        "A write to a session's status bypasses the lifecycle",
        "{0} bypasses the lifecycle; {1}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor StartInNonInitialStatus = Create(
        "SDSL1007",
        "A session started in a status that is not initial",
        "'{0}' cannot start a session in '{1}'; it starts in: {2}",
        DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: $"https://github.com/sessiondsl/sessiondsl/blob/main/docs/diagnostics/{id}.md");
}
