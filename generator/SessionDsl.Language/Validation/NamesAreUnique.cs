using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Parsing;

namespace SessionDsl.Language.Validation;

/// <summary>SDSL0004: timer names and the members of a status or event type are unique (mapping keys are checked as they are read).</summary>
internal sealed class NamesAreUnique : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var timerNames = lifecycle.Timers.Select(t => new Named(t.Name, t.Span));
        foreach (var (first, second) in DefinitionParser.Duplicates(timerNames))
        {
            yield return DiagnosticInfo.Create(DiagnosticCatalog.DuplicateName, second.Span, "Timer", second.Name, DefinitionParser.Line(first.Span));
        }

        foreach (SharedTypeRef type in new[] { lifecycle.StatusType, lifecycle.EventType })
        {
            foreach (var (first, second) in DefinitionParser.Duplicates(type.Members))
            {
                yield return DiagnosticInfo.Create(DiagnosticCatalog.DuplicateName, second.Span, $"Member of '{type.Name}'", second.Name, DefinitionParser.Line(first.Span));
            }
        }

        if (lifecycle.StatusType.Name == lifecycle.EventType.Name)
        {
            yield return DiagnosticInfo.Create(DiagnosticCatalog.DuplicateName, lifecycle.EventType.Span, "Type", lifecycle.EventType.Name, DefinitionParser.Line(lifecycle.StatusType.Span));
        }
    }
}
