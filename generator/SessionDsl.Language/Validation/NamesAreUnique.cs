using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Text;

namespace SessionDsl.Language.Validation;

/// <summary>
/// SDSL0004: timer and rule names, the statuses and events a rule lists, and the members of a status or event type are
/// unique (mapping keys are checked as they are read).
/// </summary>
internal sealed class NamesAreUnique : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var timerNames = lifecycle.Timers.Select(t => new Named(t.Name, t.Span));
        foreach (var (first, second) in DefinitionText.Duplicates(timerNames))
        {
            yield return DiagnosticInfo.Create(DiagnosticCatalog.DuplicateName, second.Span, "Timer", second.Name, DefinitionText.Line(first.Span));
        }

        var ruleNames = lifecycle.Rules.Select(r => new Named(r.Name, r.Span));
        foreach (var (first, second) in DefinitionText.Duplicates(ruleNames))
        {
            yield return DiagnosticInfo.Create(DiagnosticCatalog.DuplicateName, second.Span, "Rule", second.Name, DefinitionText.Line(first.Span));
        }

        foreach (RuleModel rule in lifecycle.Rules)
        {
            foreach (var (role, names) in new[] { ("Status", rule.Statuses), ("Event", rule.On) })
            {
                foreach (var (first, second) in DefinitionText.Duplicates(names))
                {
                    yield return DiagnosticInfo.Create(DiagnosticCatalog.DuplicateName, second.Span, $"{role} of rule '{rule.Name}'", second.Name, DefinitionText.Line(first.Span));
                }
            }
        }

        foreach (SharedTypeRef type in new[] { lifecycle.StatusType, lifecycle.EventType })
        {
            foreach (var (first, second) in DefinitionText.Duplicates(type.Members))
            {
                yield return DiagnosticInfo.Create(DiagnosticCatalog.DuplicateName, second.Span, $"Member of '{type.Name}'", second.Name, DefinitionText.Line(first.Span));
            }
        }

        if (lifecycle.StatusType.Name == lifecycle.EventType.Name)
        {
            yield return DiagnosticInfo.Create(DiagnosticCatalog.DuplicateName, lifecycle.EventType.Span, "Type", lifecycle.EventType.Name, DefinitionText.Line(lifecycle.StatusType.Span));
        }
    }
}
