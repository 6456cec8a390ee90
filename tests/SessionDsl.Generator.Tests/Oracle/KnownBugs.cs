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
    public static bool IncludeTwoOptionalDurations { get; } = Switch("SESSIONDSL_ORACLE_TWO_OPTIONAL_DURATIONS", false);

    /// <summary>A lifecycle named <c>Options</c> or <c>Name</c>, or a bool option named <c>Default</c>: the generated members clash (CS0542, CS0102).</summary>
    public static bool IncludeClashingNames { get; } = Switch("SESSIONDSL_ORACLE_CLASHING_NAMES", false);

    /// <summary>More than six option tests (guards evaluated in code) and a bare test of a non-optional duration option in a transition's guard: <c>if (true)</c> (CS0162).</summary>
    public static bool IncludeRequiredDurationTestsInEvaluatedGuards { get; } = Switch("SESSIONDSL_ORACLE_REQUIRED_DURATION_GUARDS", false);

    /// <summary>
    /// In-state timers whose target leads back into their own states (a self-loop, or a cycle through other in-state
    /// timers): <c>Advance</c> then fires without bound. The driver caps firings per call and reports the cap.
    /// </summary>
    public static bool IncludeTimerCycles { get; } = Switch("SESSIONDSL_ORACLE_TIMER_CYCLES", false);

    /// <summary>The switches as one line for the test output.</summary>
    public static string Describe() =>
        $"known-bug switches: TwoOptionalDurations={IncludeTwoOptionalDurations}, ClashingNames={IncludeClashingNames}, "
        + $"RequiredDurationTestsInEvaluatedGuards={IncludeRequiredDurationTestsInEvaluatedGuards}, TimerCycles={IncludeTimerCycles}";

    private static bool Switch(string variable, bool value) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text ? text != "0" : value;
}
