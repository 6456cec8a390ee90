using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Text;

namespace SessionDsl.Language.Validation;

/// <summary>
/// SDSL0014: when a lifecycle lists its shared status or event type's members, its states and events are among them,
/// and so are the statuses a rule requires of the partition's other sessions (which may be of other lifecycles).
/// </summary>
internal sealed class StatesAreTypeMembers : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var checks = new[]
        {
            (Type: lifecycle.StatusType, Role: "State", Names: lifecycle.States.Select(s => new Named(s.Name, s.Span)), Suggest: false),
            (Type: lifecycle.EventType, Role: "Event", Names: lifecycle.Events.Select(e => new Named(e.Name, e.Span)), Suggest: false),
            (Type: lifecycle.StatusType, Role: "Status", Names: lifecycle.Rules.Where(r => r.NamesOtherSessions).SelectMany(r => r.Statuses), Suggest: true),
        };
        foreach (var check in checks)
        {
            if (check.Type.Members.IsEmpty)
            {
                continue;
            }

            var members = new HashSet<string>(check.Type.Members.Select(m => m.Name), StringComparer.Ordinal);
            string list = string.Join(", ", check.Type.Members);
            foreach (Named name in check.Names.Where(n => !members.Contains(n.Name)))
            {
                // A declared state is a new name more often than a typo; a rule's status is only ever a reference.
                string listed = check.Suggest ? Suggest.WithSuggestion(list, name.Name, members) : list;
                yield return DiagnosticInfo.Create(DiagnosticCatalog.NotATypeMember, name.Span, check.Role, name.Name, check.Type.Name, listed);
            }
        }
    }
}
