using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>SDSL0012, SDSL0016: a timer's <c>after:</c> that is not a literal names a duration option.</summary>
internal sealed class TimerDurationsResolve : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var options = lifecycle.Options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        foreach (TimerModel timer in lifecycle.Timers)
        {
            if (timer.After.Option is not { } name)
            {
                continue;
            }

            if (!options.TryGetValue(name.Name, out OptionModel? option))
            {
                yield return GuardsAreWellTyped.UnknownOption(name, lifecycle, options);
            }
            else if (option.Kind != OptionKindModel.Duration)
            {
                yield return DiagnosticInfo.Create(DiagnosticCatalog.GuardTypeMismatch, name.Span, option.Name, option.Kind == OptionKindModel.Boolean ? "a bool" : "an enumeration", "a timer's 'after:' needs a duration literal (such as 30h) or a duration option");
            }
        }
    }
}
