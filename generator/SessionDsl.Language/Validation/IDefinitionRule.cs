using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>One check of one lifecycle definition. A rule only reports; it never changes the model.</summary>
public interface IDefinitionRule
{
    IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle);
}

/// <summary>Runs every rule over a lifecycle, in a fixed order so that diagnostics come out the same every build.</summary>
public static class DefinitionValidator
{
    private static readonly IDefinitionRule[] Rules =
    {
        new NamesAreIdentifiers(),
        new NamesAreUnique(),
        new HasInitialState(),
        new StatesAreTypeMembers(),
        new ReferencesResolve(),
        new GuardsAreWellTyped(),
        new TimerDurationsResolve(),
        new DefinitionFitsTheRuntime(),
    };

    public static IEnumerable<DiagnosticInfo> Validate(LifecycleModel lifecycle) => Rules.SelectMany(rule => rule.Check(lifecycle));
}
