using SessionDsl.Language.Model;

namespace SessionDsl.Language.Diagnostics;

public enum DiagnosticSeverityKind
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// One kind of diagnostic: a stable ID, a title and a message format (arguments as in <c>string.Format</c>), its
/// severity, and for the tables in the README and <c>docs/diagnostics/</c> what they say beyond the title
/// (<paramref name="Detail"/>) and the code fix offered (<paramref name="CodeFix"/>).
/// </summary>
public sealed record DiagnosticKind(
    string Id,
    string Title,
    string MessageFormat,
    DiagnosticSeverityKind Severity,
    string? Detail = null,
    string? CodeFix = null)
{
    public string HelpLink => $"https://github.com/sessiondsl/sessiondsl/blob/main/docs/diagnostics/{Id}.md";

    /// <summary>The compiler category: definition diagnostics (SDSL0xxx) or C# usage diagnostics (SDSL1xxx).</summary>
    public string Category => Id.StartsWith("SDSL1", StringComparison.Ordinal) ? DiagnosticCatalog.UsageCategory : DiagnosticCatalog.DefinitionCategory;
}

/// <summary>A diagnostic as data: which kind, where, and the message arguments. Safe to keep in cached models.</summary>
public sealed record DiagnosticInfo(string Id, SourceSpan Span, EquatableArray<string> Args)
{
    public static DiagnosticInfo Create(DiagnosticKind kind, SourceSpan span, params string[] args) =>
        new(kind.Id, span, args.ToEquatableArray());

    public DiagnosticKind Kind => DiagnosticCatalog.Get(Id);

    public string Message => string.Format(System.Globalization.CultureInfo.InvariantCulture, Kind.MessageFormat, Args.ToArray<object>());

    public override string ToString() => $"{Span}: {Kind.Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
}

/// <summary>
/// Every diagnostic SessionDsl reports, and the one place an ID is written: the generator's and the analyzers'
/// descriptors are made from these entries, and a test (<c>DiagnosticCatalogueFilesTests</c>) writes the release-tracking
/// files, the index in <c>docs/diagnostics/README.md</c> and the README's tables from them and checks each page's heading.
/// IDs are stable: never reuse or renumber one. To add a diagnostic: an entry here (and in <see cref="All"/> or
/// <see cref="Usage"/>), the rule that reports it, its page under <c>docs/diagnostics/</c>, and a case in the tests;
/// then run the tests once with <c>SESSIONDSL_ACCEPT=1</c> to write the tables.
/// </summary>
public static class DiagnosticCatalog
{
    /// <summary>The category of diagnostics in lifecycle definitions, reported by the source generator.</summary>
    public const string DefinitionCategory = "SessionDsl.Definition";

    /// <summary>The category of diagnostics in C# that uses generated lifecycles, reported by the analyzers.</summary>
    public const string UsageCategory = "SessionDsl.Usage";

    public static readonly DiagnosticKind InternalError = new(
        "SDSL0000", "SessionDsl could not process a definition",
        "SessionDsl failed while reading this definition ({0}); please report it with the file attached",
        DiagnosticSeverityKind.Error,
        Detail: "a bug: reported, never a crashed build");

    public static readonly DiagnosticKind YamlSyntax = new(
        "SDSL0001", "YAML syntax error",
        "The definition is not valid YAML: {0}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind UnknownKey = new(
        "SDSL0002", "Unknown key",
        "Unknown key '{0}' in {1}{2}",
        DiagnosticSeverityKind.Error,
        Detail: "with \"did you mean\"");

    public static readonly DiagnosticKind WrongValueType = new(
        "SDSL0003", "Value of the wrong type",
        "'{0}' must be {1}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind DuplicateName = new(
        "SDSL0004", "Duplicate name",
        "{0} '{1}' is declared more than once; the first declaration is at line {2}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind MissingKey = new(
        "SDSL0005", "Required key missing",
        "{0} needs the key '{1}:'",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind InvalidName = new(
        "SDSL0006", "Name is not a C# identifier",
        "'{0}' cannot be used as {1}: it must be a C# identifier (letters, digits and '_', not starting with a digit, not a keyword)",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind UnsupportedYaml = new(
        "SDSL0007", "Unsupported YAML",
        "{0}",
        DiagnosticSeverityKind.Error,
        Detail: "aliases and anchors, several documents, nesting deeper than 32, files over 1 MiB");

    public static readonly DiagnosticKind UnknownState = new(
        "SDSL0010", "Unknown state",
        "'{0}' is not a state of lifecycle '{1}'; its states are: {2}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind UnknownEvent = new(
        "SDSL0011", "Unknown event",
        "'{0}' is not an event of lifecycle '{1}'; its events are: {2}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind UnknownOption = new(
        "SDSL0012", "Unknown option",
        "'{0}' is not an option of lifecycle '{1}'; its options are: {2}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind NoInitialState = new(
        "SDSL0013", "No initial state",
        "Lifecycle '{0}' has no initial state: mark one of its states 'initial: true' ({1})",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind NotATypeMember = new(
        "SDSL0014", "Not a member of the shared type",
        "{0} '{1}' is not a member of '{2}', whose members are: {3}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind UnknownOptionValue = new(
        "SDSL0015", "Unknown option value",
        "'{0}' is not a value of option '{1}'; its values are: {2}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind GuardTypeMismatch = new(
        "SDSL0016", "Option used the wrong way",
        "Option '{0}' is {1}: {2}",
        DiagnosticSeverityKind.Error,
        Detail: "in a guard or a timer's `after:`");

    public static readonly DiagnosticKind InvalidDuration = new(
        "SDSL0020", "Invalid duration",
        "'{0}' is not a valid duration here: {1}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind GuardSyntax = new(
        "SDSL0021", "Guard syntax error",
        "Guard '{0}' cannot be read: {1}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind TooManyCountdowns = new(
        "SDSL0022", "Too many countdowns",
        "Lifecycle '{0}' declares {1} countdowns; a session holds at most {2}",
        DiagnosticSeverityKind.Error,
        Detail: "a session holds four");

    public static readonly DiagnosticKind TooManyMembers = new(
        "SDSL0023", "Too many states or events",
        "'{0}' has {1} members; the transition table holds at most {2} states and {2} events",
        DiagnosticSeverityKind.Error,
        Detail: "a table holds 4,094 of each");

    public static readonly DiagnosticKind RuleNeedsOneRequirement = new(
        "SDSL0024", "A rule must say exactly one thing it requires",
        "{0} must say exactly one thing it requires, with one of {1}; {2}",
        DiagnosticSeverityKind.Error,
        Detail: "one of `requireOthersIn`, `deleteOnlyIn`, `mergeRepeatedIn`");

    public static readonly DiagnosticKind TableTooLarge = new(
        "SDSL0025", "Transition table too large",
        "Lifecycle '{0}' would need a transition table of {1} cells ({2} statuses by {3} events, rounded up to a power of two{4}); SessionDsl generates tables of at most {5} cells, so that every definition builds in seconds: split the lifecycle, or use fewer option tests in its guards",
        DiagnosticSeverityKind.Error,
        Detail: "at most 65,536 cells, so every accepted definition builds in seconds");

    public static readonly DiagnosticKind SharedTypeMismatch = new(
        "SDSL0030", "Lifecycles disagree on a shared type",
        "'{0}' has members [{1}] in lifecycle '{2}' but [{3}] in lifecycle '{4}'; lifecycles that share a type must list the same members in the same order",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind DuplicateLifecycle = new(
        "SDSL0031", "Duplicate lifecycle",
        "Lifecycle '{0}' is also defined in '{1}'",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind NameCollision = new(
        "SDSL0032", "Two generated types with one name",
        "'{0}' in namespace '{1}' would name both {2} and {3}; rename one of them",
        DiagnosticSeverityKind.Error,
        Detail: "also names that differ only in case, and the runtime's own type names in its namespaces");

    public static readonly DiagnosticKind NameTaken = new(
        "SDSL0035", "Name taken by the generated code",
        "{0} cannot be used: {1}; {2}",
        DiagnosticSeverityKind.Error,
        Detail: "a lifecycle named like a member of its struct, an option like a member of `Options`");

    public static readonly DiagnosticKind NotOnPlatform = new(
        "SDSL0033", "Member not available on the lifecycle's platform",
        "{0} '{1}' exists only on platform {2} (as '{3}' declares), but lifecycle '{4}' is {5}; remove it from this lifecycle, or declare the member on this platform too",
        DiagnosticSeverityKind.Error,
        Detail: "a state or event the shared type marks for other platforms");

    public static readonly DiagnosticKind UnknownPlatform = new(
        "SDSL0034", "Unknown platform",
        "'{0}' is not a platform declared by '{1}'; its platforms are: {2}",
        DiagnosticSeverityKind.Error,
        Detail: "not among the shared type's `platforms:`");

    public static readonly DiagnosticKind OverlappingTransitions = new(
        "SDSL0040", "Transitions overlap",
        "The transitions at lines {0} and {1} both leave state '{2}' on event '{3}' {4}; {5}",
        DiagnosticSeverityKind.Error,
        Detail: "two transitions from one state on one event whose guards can both hold");

    public static readonly DiagnosticKind NeverTaken = new(
        "SDSL0041", "Guard can never hold",
        "{0} can never be taken: {1}",
        DiagnosticSeverityKind.Warning);

    public static readonly DiagnosticKind LeavesFinalState = new(
        "SDSL0042", "A final state is left",
        "{0} leaves final state '{1}' for '{2}'; nothing may leave a final state: remove the {3}, or drop 'final: true' from '{1}'",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind UnreachableState = new(
        "SDSL0043", "Unreachable state",
        "State '{0}' cannot be reached from the initial state{1} {2} under any option values; add a transition or timer into it, or remove it",
        DiagnosticSeverityKind.Warning,
        Detail: "under no option values");

    public static readonly DiagnosticKind TrapState = new(
        "SDSL0044", "Trap state",
        "No final state ({1}) can be reached from state '{0}' {2}; add a transition or timer from it towards a final state, or mark it 'final: true'",
        DiagnosticSeverityKind.Warning,
        Detail: "no final state reachable, with the options under which");

    public static readonly DiagnosticKind AnalysisLimited = new(
        "SDSL0045", "Check approximated",
        "Lifecycle '{0}' is too large to check {1} exactly ({2}); {3}",
        DiagnosticSeverityKind.Info,
        Detail: "too many option combinations to check exactly");

    public static readonly DiagnosticKind TimerLoop = new(
        "SDSL0046", "Timers loop",
        "Timer '{0}' closes a loop of timers with no event between them: {1}, back to '{2}'; a session would go round it on its own for as long as no event comes: break the loop, or make one of its timers a countdown (which stops when it fires)",
        DiagnosticSeverityKind.Error,
        Detail: "in-state timers that lead back to their state with no event between them");

    public static readonly DiagnosticKind IllegalConstantTransition = new(
        "SDSL1001", "A constant transition the lifecycle does not allow",
        "'{0}' has no transition from '{1}' on '{2}'; from '{1}' it allows: {3}",
        DiagnosticSeverityKind.Error,
        Detail: "`Fire(Status.X, Event.Y)`",
        CodeFix: "use an allowed event");

    public static readonly DiagnosticKind EventIllegalInEveryStatus = new(
        "SDSL1002", "An event illegal in every status the session may be in",
        "'{0}' allows '{1}' in none of the statuses '{2}' may be in here ({3}); allowed here: {4}",
        DiagnosticSeverityKind.Error,
        Detail: "followed through the method's control flow",
        CodeFix: "use an allowed event");

    public static readonly DiagnosticKind EventIllegalInSomeStatus = new(
        "SDSL1003", "An event illegal in some status the session may be in",
        "'{2}' may be in {3} here, where '{0}' does not allow '{1}'; allowed in every status it may be in: {4}",
        DiagnosticSeverityKind.Warning,
        CodeFix: "use an event allowed in all of them");

    public static readonly DiagnosticKind SwitchHandlesImpossibleStatus = new(
        "SDSL1004", "A switch handles a status the lifecycle never has",
        "'{0}' is never in status '{1}'; its statuses are: {2}",
        DiagnosticSeverityKind.Warning,
        Detail: "a member of a shared status type this lifecycle lacks");

    public static readonly DiagnosticKind SwitchOmitsPossibleStatus = new(
        "SDSL1005", "A switch omits a status the session may be in",
        "The switch on the status of '{0}' does not handle {1}, which '{2}' may be in here; add the missing cases or a default",
        DiagnosticSeverityKind.Warning,
        Detail: "no `default`",
        CodeFix: "add the missing cases");

    public static readonly DiagnosticKind StatusWriteBypassesLifecycle = new(
        "SDSL1006", "A write to a session's status bypasses the lifecycle",
        "{0} bypasses the lifecycle; {1}",
        DiagnosticSeverityKind.Warning,
        Detail: "`Enter`, `StartCountdown`, a constant non-initial `new SessionState`");

    public static readonly DiagnosticKind StartInNonInitialStatus = new(
        "SDSL1007", "A session started in a status that is not initial",
        "'{0}' cannot start a session in '{1}'; it starts in: {2}",
        DiagnosticSeverityKind.Error,
        Detail: "`Start(Status.X, now)`, which would throw");

    /// <summary>
    /// Raised by MSBuild (<c>build/SessionDsl.targets</c>) before compilation, on a project item: not a compiler
    /// diagnostic, so it has no descriptor, and its message is written in the targets file.
    /// </summary>
    public static readonly DiagnosticKind ItemNotNamedLifecycleYaml = new(
        "SDSL0099", "SessionLifecycle item is not named *.lifecycle.yaml",
        "SessionLifecycle item '{0}' is not named *.lifecycle.yaml or *.lifecycle.yml, so the SessionDsl generator will not read it. Rename the file.",
        DiagnosticSeverityKind.Warning,
        Detail: "raised by MSBuild before compilation, on a project item without a line or column");

    /// <summary>The definition diagnostics, reported by the source generator (and <c>sessiondsl check</c>).</summary>
    public static IReadOnlyList<DiagnosticKind> All { get; } = new[]
    {
        InternalError, YamlSyntax, UnknownKey, WrongValueType, DuplicateName, MissingKey, InvalidName, UnsupportedYaml,
        UnknownState, UnknownEvent, UnknownOption, NoInitialState, NotATypeMember, UnknownOptionValue, GuardTypeMismatch,
        InvalidDuration, GuardSyntax, TooManyCountdowns, TooManyMembers, RuleNeedsOneRequirement, TableTooLarge, SharedTypeMismatch, DuplicateLifecycle, NameCollision,
        NameTaken, NotOnPlatform, UnknownPlatform, OverlappingTransitions, NeverTaken, LeavesFinalState, UnreachableState, TrapState,
        AnalysisLimited, TimerLoop,
    };

    /// <summary>The C# usage diagnostics, reported by the analyzers.</summary>
    public static IReadOnlyList<DiagnosticKind> Usage { get; } = new[]
    {
        IllegalConstantTransition, EventIllegalInEveryStatus, EventIllegalInSomeStatus, SwitchHandlesImpossibleStatus,
        SwitchOmitsPossibleStatus, StatusWriteBypassesLifecycle, StartInNonInitialStatus,
    };

    /// <summary>Every ID SessionDsl raises, in ID order: the definition diagnostics, MSBuild's, and the C# ones.</summary>
    public static IReadOnlyList<DiagnosticKind> Everything { get; } =
        All.Concat(Usage).Append(ItemNotNamedLifecycleYaml).OrderBy(k => k.Id, StringComparer.Ordinal).ToArray();

    private static readonly Dictionary<string, DiagnosticKind> ById = Everything.ToDictionary(k => k.Id);

    public static DiagnosticKind Get(string id) => ById[id];
}
