namespace SessionDsl.Generator.Tests.Oracle;

/// <summary>
/// Kinds of definition the generator is known to get wrong (issue 11) while the fixes are under way. Each switch makes
/// <see cref="RandomDefinitions"/> produce that kind again; the fuzz test counts and prints the mutants that hit them.
/// Flip a switch to <c>true</c> once main has the fix: the oracle and fuzz tests then hold the fix to account. Each
/// can also be turned on for one run with the environment variable named beside it (any value but empty or 0).
/// </summary>
internal static class KnownBugs
{
    /// <summary>Two or more optional duration options: <c>TryValidate</c> declares <c>value</c> twice (CS0128).</summary>
    public static bool IncludeTwoOptionalDurations { get; } = Switch("SESSIONDSL_ORACLE_TWO_OPTIONAL_DURATIONS", true);

    /// <summary>A lifecycle named <c>Options</c> or <c>Name</c>, or a bool option named <c>Default</c>: the generated members clash (CS0542, CS0102).</summary>
    public static bool IncludeClashingNames { get; } = Switch("SESSIONDSL_ORACLE_CLASHING_NAMES", true);

    /// <summary>More than six option tests (guards evaluated in code) and a bare test of a non-optional duration option in a transition's guard: <c>if (true)</c> (CS0162).</summary>
    public static bool IncludeRequiredDurationTestsInEvaluatedGuards { get; } = Switch("SESSIONDSL_ORACLE_REQUIRED_DURATION_GUARDS", true);

    /// <summary>
    /// In-state timers whose target leads back into their own states (a self-loop, or a cycle through other in-state
    /// timers): <c>Advance</c> then fires without bound. The driver caps firings per call and reports the cap.
    /// </summary>
    public static bool IncludeTimerCycles { get; } = Switch("SESSIONDSL_ORACLE_TIMER_CYCLES", true);

    /// <summary>The switches as one line for the test output.</summary>
    public static string Describe() =>
        $"known-bug switches: TwoOptionalDurations={IncludeTwoOptionalDurations}, ClashingNames={IncludeClashingNames}, "
        + $"RequiredDurationTestsInEvaluatedGuards={IncludeRequiredDurationTestsInEvaluatedGuards}, TimerCycles={IncludeTimerCycles}";

    private static bool Switch(string variable, bool value) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text ? text != "0" : value;
}

/// <summary>
/// Kinds of definition this harness found the generator to get wrong, beyond issue 11. They are on, so the tests fail
/// on them until the generator is fixed; turn one off (here, or for a run with the environment variable beside it set
/// to 0) to keep the rest of a run in view while it is being fixed.
/// </summary>
internal static class FoundBugs
{
    /// <summary>
    /// Names the generated code uses for itself, given to a lifecycle (<c>Fire</c>, <c>Table</c>, …: CS0542), a status
    /// or event type (<c>Options</c>, <c>Value</c>, …), an option (<c>validate</c>, <c>toString</c>, …: CS0102, CS0108)
    /// or a state, event or enum value (<c>value__</c>: CS0076). The checks accept them; the build fails.
    /// </summary>
    public static bool IncludeNamesThatClashWithGeneratedCode { get; } = Switch("SESSIONDSL_ORACLE_CLASHING_GENERATED_NAMES", true);

    /// <summary>
    /// Countdowns whose target is one of their own states: when one fires into the status the session is in, the
    /// generated code enters it again at the deadline (a new entry time), where docs/dsl.md says a self-transition
    /// keeps the clock.
    /// </summary>
    public static bool IncludeTimersIntoTheirOwnStatus { get; } = Switch("SESSIONDSL_ORACLE_TIMERS_INTO_OWN_STATUS", true);

    /// <summary>File names with a newline, '&amp;' or '&lt;' in them (the fuzz test): written unescaped into a line comment and an XML doc comment.</summary>
    public static bool IncludeFileNamesThatNeedEscaping { get; } = Switch("SESSIONDSL_FUZZ_FILE_NAMES_THAT_NEED_ESCAPING", true);

    /// <summary>
    /// A character XML cannot hold (U+FFFE or U+FFFF, which a definition may write as "\uFFFE"; a lone surrogate) in a
    /// description or 'because:': it goes into an XML doc comment as it is, and the build fails with CS1570 when the
    /// compiler writes the documentation.
    /// </summary>
    public static bool IncludeCharactersXmlCannotHold { get; } = Switch("SESSIONDSL_FUZZ_CHARACTERS_XML_CANNOT_HOLD", true);

    public static string Describe() =>
        $"found-bug switches: NamesThatClashWithGeneratedCode={IncludeNamesThatClashWithGeneratedCode}, TimersIntoTheirOwnStatus={IncludeTimersIntoTheirOwnStatus}, "
        + $"FileNamesThatNeedEscaping={IncludeFileNamesThatNeedEscaping}, CharactersXmlCannotHold={IncludeCharactersXmlCannotHold}";

    private static bool Switch(string variable, bool value) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text ? text != "0" : value;
}
