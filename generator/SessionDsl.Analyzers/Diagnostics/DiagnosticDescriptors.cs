using Microsoft.CodeAnalysis;
using SessionDsl.Language.Diagnostics;
using static SessionDsl.Diagnostics.CatalogDescriptors;

namespace SessionDsl.Analyzers.Diagnostics;

/// <summary>
/// Every C# diagnostic SessionDsl reports in a consumer's code, made from <see cref="DiagnosticCatalog.Usage"/> (the one
/// place their IDs, titles, messages and severities are written), and the property names the code fixes read.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>Property naming the events the code fix may offer instead (comma-separated member names).</summary>
    public const string LegalEventsProperty = "LegalEvents";

    /// <summary>Property naming the statuses a switch is missing (comma-separated member names).</summary>
    public const string MissingStatesProperty = "MissingStates";

    /// <summary>Property holding a fully qualified type name (the event or status enum) for the code fixes.</summary>
    public const string TypeProperty = "Type";

    public static readonly DiagnosticDescriptor IllegalConstantTransition = ToDescriptor(DiagnosticCatalog.IllegalConstantTransition);

    public static readonly DiagnosticDescriptor EventIllegalInEveryStatus = ToDescriptor(DiagnosticCatalog.EventIllegalInEveryStatus);

    public static readonly DiagnosticDescriptor EventIllegalInSomeStatus = ToDescriptor(DiagnosticCatalog.EventIllegalInSomeStatus);

    public static readonly DiagnosticDescriptor SwitchHandlesImpossibleStatus = ToDescriptor(DiagnosticCatalog.SwitchHandlesImpossibleStatus);

    public static readonly DiagnosticDescriptor SwitchOmitsPossibleStatus = ToDescriptor(DiagnosticCatalog.SwitchOmitsPossibleStatus);

    public static readonly DiagnosticDescriptor StatusWriteBypassesLifecycle = ToDescriptor(DiagnosticCatalog.StatusWriteBypassesLifecycle);

    public static readonly DiagnosticDescriptor StartInNonInitialStatus = ToDescriptor(DiagnosticCatalog.StartInNonInitialStatus);
}
