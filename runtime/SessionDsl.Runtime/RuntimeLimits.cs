#if SESSIONDSL_LANGUAGE
namespace SessionDsl.Language.Runtime;
#else
namespace SessionDsl;
#endif

/// <summary>
/// What the runtime's types can hold, in one place. This file is also compiled into SessionDsl.Language (linked, the way
/// the Regex generator compiles its runtime's files), so the generator checks definitions against these very numbers
/// rather than copies of them.
/// </summary>
internal static class RuntimeLimits
{
    /// <summary>How many countdowns a <c>SessionState</c> holds, so how many one lifecycle may declare.</summary>
    public const int MaxCountdowns = 4;

    /// <summary>
    /// The largest transition index a <c>TransitionResult</c> carries: it keeps the index in 24 signed bits beside the
    /// outcome (-1 meaning none).
    /// </summary>
    public const int MaxTransitionIndex = 0x7F_FFFF;
}
