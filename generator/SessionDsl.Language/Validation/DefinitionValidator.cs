using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>Runs every rule over a lifecycle, in a fixed order so that diagnostics come out the same every build.</summary>
public static class DefinitionValidator
{
    private static readonly IDefinitionRule[] Rules =
    {
        new NamesAreIdentifiers(),
        new NamesAreUnique(),
        new HasInitialState(),
        new StatesAreTypeMembers(),
        new MembersFitThePlatform(),
        new ReferencesResolve(),
        new GuardsAreWellTyped(),
        new TimerDurationsResolve(),
        new DefinitionFitsTheRuntime(),
        new NamesAreFreeInGeneratedCode(),
    };

    /// <summary>Work the shape checks may do for one lifecycle (about one guard evaluation each): milliseconds, whatever the input.</summary>
    internal const long AnalysisUnits = 4_000_000;

    public static IEnumerable<DiagnosticInfo> Validate(LifecycleModel lifecycle) => Rules.SelectMany(rule => rule.Check(lifecycle));

    /// <summary>
    /// The checks of a lifecycle's size and shape (SDSL0025, SDSL0040 to SDSL0046): a table too large to build quickly,
    /// overlapping or impossible guards, final states left, unreachable and trap states, timers that loop. They assume
    /// every name resolves, so they run only on a definition without errors.
    /// </summary>
    public static IEnumerable<DiagnosticInfo> Analyze(LifecycleModel lifecycle)
    {
        var budget = new AnalysisBudget(AnalysisUnits);
        IDefinitionRule[] analyses =
        {
            new DefinitionBuildsQuickly(),
            new TimersDoNotLoop(),
            new TransitionsAreDeterministic(budget),
            new FinalStatesAreFinal(),
            new StatesAreLive(budget),
        };
        return analyses.SelectMany(rule => rule.Check(lifecycle)).ToList();
    }
}
