using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>SDSL0014: when a lifecycle lists its shared status or event type's members, its states and events are among them.</summary>
internal sealed class StatesAreTypeMembers : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var checks = new[]
        {
            (Type: lifecycle.StatusType, Role: "State", Names: lifecycle.States.Select(s => new Named(s.Name, s.Span))),
            (Type: lifecycle.EventType, Role: "Event", Names: lifecycle.Events.Select(e => new Named(e.Name, e.Span))),
        };
        foreach (var check in checks)
        {
            if (check.Type.Members.IsEmpty)
            {
                continue;
            }

            var members = new HashSet<string>(check.Type.Members.Select(m => m.Name), StringComparer.Ordinal);
            foreach (Named name in check.Names.Where(n => !members.Contains(n.Name)))
            {
                yield return DiagnosticInfo.Create(DiagnosticCatalog.NotATypeMember, name.Span, check.Role, name.Name, check.Type.Name, string.Join(", ", check.Type.Members));
            }
        }
    }
}
