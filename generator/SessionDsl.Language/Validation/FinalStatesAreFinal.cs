using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Text;

namespace SessionDsl.Language.Validation;

/// <summary>SDSL0042: no transition and no timer leaves a final state for another state.</summary>
internal sealed class FinalStatesAreFinal : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var finals = new HashSet<string>(lifecycle.States.Where(s => s.IsFinal).Select(s => s.Name), StringComparer.Ordinal);
        if (finals.Count == 0)
        {
            yield break;
        }

        foreach (TransitionModel transition in lifecycle.Transitions)
        {
            foreach (Named from in transition.From.Where(f => finals.Contains(f.Name) && f.Name != transition.To.Name))
            {
                yield return DiagnosticInfo.Create(
                    DiagnosticCatalog.LeavesFinalState,
                    from.Span,
                    $"The transition on '{transition.Event.Name}' at line {DefinitionText.Line(transition.Span)}",
                    from.Name,
                    transition.To.Name,
                    $"state '{from.Name}' from its 'from:'");
            }
        }

        foreach (TimerModel timer in lifecycle.Timers)
        {
            foreach (Named state in timer.States.Where(s => finals.Contains(s.Name) && s.Name != timer.To.Name))
            {
                yield return DiagnosticInfo.Create(
                    DiagnosticCatalog.LeavesFinalState,
                    state.Span,
                    $"Timer '{timer.Name}'",
                    state.Name,
                    timer.To.Name,
                    $"state '{state.Name}' from its 'in:'");
            }
        }
    }
}
