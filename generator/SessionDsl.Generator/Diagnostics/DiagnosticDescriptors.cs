using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SessionDsl.Language.Diagnostics;

namespace SessionDsl.Generator.Diagnostics;

/// <summary>
/// The compiler's descriptors for every definition diagnostic. Titles and messages come from
/// <see cref="DiagnosticCatalog"/> (shared with any tool that reads definitions); IDs and severities are written out
/// here so that release tracking (AnalyzerReleases.*.md) can check them. A test keeps the two in step.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string DefinitionCategory = "SessionDsl.Definition";

    public static readonly DiagnosticDescriptor InternalError = Create("SDSL0000", DiagnosticCatalog.InternalError, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor YamlSyntax = Create("SDSL0001", DiagnosticCatalog.YamlSyntax, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownKey = Create("SDSL0002", DiagnosticCatalog.UnknownKey, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor WrongValueType = Create("SDSL0003", DiagnosticCatalog.WrongValueType, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateName = Create("SDSL0004", DiagnosticCatalog.DuplicateName, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingKey = Create("SDSL0005", DiagnosticCatalog.MissingKey, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidName = Create("SDSL0006", DiagnosticCatalog.InvalidName, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedYaml = Create("SDSL0007", DiagnosticCatalog.UnsupportedYaml, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownState = Create("SDSL0010", DiagnosticCatalog.UnknownState, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownEvent = Create("SDSL0011", DiagnosticCatalog.UnknownEvent, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownOption = Create("SDSL0012", DiagnosticCatalog.UnknownOption, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NoInitialState = Create("SDSL0013", DiagnosticCatalog.NoInitialState, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NotATypeMember = Create("SDSL0014", DiagnosticCatalog.NotATypeMember, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownOptionValue = Create("SDSL0015", DiagnosticCatalog.UnknownOptionValue, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GuardTypeMismatch = Create("SDSL0016", DiagnosticCatalog.GuardTypeMismatch, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidDuration = Create("SDSL0020", DiagnosticCatalog.InvalidDuration, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GuardSyntax = Create("SDSL0021", DiagnosticCatalog.GuardSyntax, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor TooManyCountdowns = Create("SDSL0022", DiagnosticCatalog.TooManyCountdowns, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor TooManyMembers = Create("SDSL0023", DiagnosticCatalog.TooManyMembers, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RuleNeedsOneRequirement = Create("SDSL0024", DiagnosticCatalog.RuleNeedsOneRequirement, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor TableTooLarge = Create("SDSL0025", DiagnosticCatalog.TableTooLarge, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SharedTypeMismatch = Create("SDSL0030", DiagnosticCatalog.SharedTypeMismatch, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateLifecycle = Create("SDSL0031", DiagnosticCatalog.DuplicateLifecycle, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NameCollision = Create("SDSL0032", DiagnosticCatalog.NameCollision, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NameTaken = Create("SDSL0035", DiagnosticCatalog.NameTaken, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NotOnPlatform = Create("SDSL0033", DiagnosticCatalog.NotOnPlatform, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnknownPlatform = Create("SDSL0034", DiagnosticCatalog.UnknownPlatform, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor OverlappingTransitions = Create("SDSL0040", DiagnosticCatalog.OverlappingTransitions, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NeverTaken = Create("SDSL0041", DiagnosticCatalog.NeverTaken, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor LeavesFinalState = Create("SDSL0042", DiagnosticCatalog.LeavesFinalState, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnreachableState = Create("SDSL0043", DiagnosticCatalog.UnreachableState, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor TrapState = Create("SDSL0044", DiagnosticCatalog.TrapState, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor AnalysisLimited = Create("SDSL0045", DiagnosticCatalog.AnalysisLimited, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor TimerLoop = Create("SDSL0046", DiagnosticCatalog.TimerLoop, DiagnosticSeverity.Error);

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        InternalError, YamlSyntax, UnknownKey, WrongValueType, DuplicateName, MissingKey, InvalidName, UnsupportedYaml, UnknownState, UnknownEvent, UnknownOption, NoInitialState, NotATypeMember, UnknownOptionValue, GuardTypeMismatch, InvalidDuration, GuardSyntax, TooManyCountdowns, TooManyMembers, RuleNeedsOneRequirement, TableTooLarge, SharedTypeMismatch, DuplicateLifecycle, NameCollision,
        NameTaken, NotOnPlatform, UnknownPlatform, OverlappingTransitions, NeverTaken, LeavesFinalState, UnreachableState, TrapState, AnalysisLimited, TimerLoop,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor Get(string id) => ById[id];

    /// <summary>Turns diagnostic data into a compiler diagnostic located at the YAML file, line and column.</summary>
    public static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var span = info.Span;
        var location = Location.Create(
            span.Path,
            new TextSpan(span.Start, System.Math.Max(0, span.End - span.Start)),
            new LinePositionSpan(new LinePosition(span.StartLine, span.StartColumn), new LinePosition(span.EndLine, span.EndColumn)));
        return Diagnostic.Create(Get(info.Id), location, info.Args.ToArray<object>());
    }

    private static DiagnosticDescriptor Create(string id, DiagnosticKind kind, DiagnosticSeverity severity) =>
        new(id, kind.Title, kind.MessageFormat, DefinitionCategory, severity, isEnabledByDefault: true, helpLinkUri: kind.HelpLink);
}
