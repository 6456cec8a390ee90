using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Text;

namespace SessionDsl.Language.Validation;

/// <summary>
/// SDSL0010, SDSL0011: every state and event a transition, timer or rule names is declared in the lifecycle. A rule
/// about the partition's other sessions names statuses of the shared type instead (SDSL0014), unless the type lists no
/// members, whose members are then this lifecycle's states.
/// </summary>
internal sealed class ReferencesResolve : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var states = new HashSet<string>(lifecycle.States.Select(s => s.Name), StringComparer.Ordinal);
        var events = new HashSet<string>(lifecycle.Events.Select(e => e.Name), StringComparer.Ordinal);
        string stateList = string.Join(", ", lifecycle.States.Select(s => s.Name));
        string eventList = string.Join(", ", lifecycle.Events.Select(e => e.Name));

        IEnumerable<Named> stateRefs = lifecycle.Transitions.SelectMany(t => t.From.Append(t.To))
            .Concat(lifecycle.Timers.SelectMany(t => t.States.Append(t.To)))
            .Concat(lifecycle.Rules.Where(r => !r.NamesOtherSessions || lifecycle.StatusType.Members.IsEmpty).SelectMany(r => r.Statuses));
        IEnumerable<Named> eventRefs = lifecycle.Transitions.Select(t => t.Event)
            .Concat(lifecycle.Timers.SelectMany(t => t.StartOn.Concat(t.CancelOn)))
            .Concat(lifecycle.Rules.SelectMany(r => r.On));

        foreach (Named state in stateRefs.Where(s => !states.Contains(s.Name)))
        {
            yield return DiagnosticInfo.Create(DiagnosticCatalog.UnknownState, state.Span, state.Name, lifecycle.Name, Suggest.WithSuggestion(stateList, state.Name, states));
        }

        foreach (Named @event in eventRefs.Where(e => !events.Contains(e.Name)))
        {
            yield return DiagnosticInfo.Create(DiagnosticCatalog.UnknownEvent, @event.Span, @event.Name, lifecycle.Name, Suggest.WithSuggestion(eventList, @event.Name, events));
        }
    }
}
