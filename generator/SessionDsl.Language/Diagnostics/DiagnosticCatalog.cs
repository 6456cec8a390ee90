using SessionDsl.Language.Model;

namespace SessionDsl.Language.Diagnostics;

public enum DiagnosticSeverityKind
{
    Info,
    Warning,
    Error,
}

/// <summary>One kind of definition diagnostic: a stable ID, a title and a message format (arguments as in <c>string.Format</c>).</summary>
public sealed record DiagnosticKind(string Id, string Title, string MessageFormat, DiagnosticSeverityKind Severity)
{
    public string HelpLink => $"https://github.com/sessiondsl/sessiondsl/blob/main/docs/diagnostics/{Id}.md";
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
/// Every diagnostic a lifecycle definition can produce. IDs are stable: never reuse or renumber one; add new ones to
/// <c>AnalyzerReleases.Unshipped.md</c> and a page under <c>docs/diagnostics/</c>.
/// </summary>
public static class DiagnosticCatalog
{
    public static readonly DiagnosticKind InternalError = new(
        "SDSL0000", "SessionDsl could not process a definition",
        "SessionDsl failed while reading this definition ({0}); please report it with the file attached",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind YamlSyntax = new(
        "SDSL0001", "YAML syntax error",
        "The definition is not valid YAML: {0}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind UnknownKey = new(
        "SDSL0002", "Unknown key",
        "Unknown key '{0}' in {1}{2}",
        DiagnosticSeverityKind.Error);

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
        DiagnosticSeverityKind.Error);

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
        DiagnosticSeverityKind.Error);

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
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind TooManyMembers = new(
        "SDSL0023", "Too many states or events",
        "'{0}' has {1} members; the transition table holds at most {2} states and {2} events",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind RuleNeedsOneRequirement = new(
        "SDSL0024", "A rule must say exactly one thing it requires",
        "{0} must say exactly one thing it requires, with one of {1}; {2}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind TableTooLarge = new(
        "SDSL0025", "Transition table too large",
        "Lifecycle '{0}' would need a transition table of {1} cells ({2} statuses by {3} events, rounded up to a power of two{4}); SessionDsl generates tables of at most {5} cells, so that every definition builds in seconds: split the lifecycle, or use fewer option tests in its guards",
        DiagnosticSeverityKind.Error);

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
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind NameTaken = new(
        "SDSL0035", "Name taken by the generated code",
        "{0} cannot be used: {1}; {2}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind NotOnPlatform = new(
        "SDSL0033", "Member not available on the lifecycle's platform",
        "{0} '{1}' exists only on platform {2} (as '{3}' declares), but lifecycle '{4}' is {5}; remove it from this lifecycle, or declare the member on this platform too",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind UnknownPlatform = new(
        "SDSL0034", "Unknown platform",
        "'{0}' is not a platform declared by '{1}'; its platforms are: {2}",
        DiagnosticSeverityKind.Error);

    public static readonly DiagnosticKind OverlappingTransitions = new(
        "SDSL0040", "Transitions overlap",
        "The transitions at lines {0} and {1} both leave state '{2}' on event '{3}' {4}; {5}",
        DiagnosticSeverityKind.Error);

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
        DiagnosticSeverityKind.Warning);

    public static readonly DiagnosticKind TrapState = new(
        "SDSL0044", "Trap state",
        "No final state ({1}) can be reached from state '{0}' {2}; add a transition or timer from it towards a final state, or mark it 'final: true'",
        DiagnosticSeverityKind.Warning);

    public static readonly DiagnosticKind AnalysisLimited = new(
        "SDSL0045", "Check approximated",
        "Lifecycle '{0}' is too large to check {1} exactly ({2}); {3}",
        DiagnosticSeverityKind.Info);

    public static readonly DiagnosticKind TimerLoop = new(
        "SDSL0046", "Timers loop",
        "Timer '{0}' closes a loop of timers with no event between them: {1}, back to '{2}'; a session would go round it on its own for as long as no event comes: break the loop, or make one of its timers a countdown (which stops when it fires)",
        DiagnosticSeverityKind.Error);

    public static IReadOnlyList<DiagnosticKind> All { get; } = new[]
    {
        InternalError, YamlSyntax, UnknownKey, WrongValueType, DuplicateName, MissingKey, InvalidName, UnsupportedYaml,
        UnknownState, UnknownEvent, UnknownOption, NoInitialState, NotATypeMember, UnknownOptionValue, GuardTypeMismatch,
        InvalidDuration, GuardSyntax, TooManyCountdowns, TooManyMembers, RuleNeedsOneRequirement, TableTooLarge, SharedTypeMismatch, DuplicateLifecycle, NameCollision,
        NameTaken, NotOnPlatform, UnknownPlatform, OverlappingTransitions, NeverTaken, LeavesFinalState, UnreachableState, TrapState,
        AnalysisLimited, TimerLoop,
    };

    private static readonly Dictionary<string, DiagnosticKind> ById = All.ToDictionary(k => k.Id);

    public static DiagnosticKind Get(string id) => ById[id];
}
