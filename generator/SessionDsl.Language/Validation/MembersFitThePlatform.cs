using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Text;

namespace SessionDsl.Language.Validation;

/// <summary>
/// SDSL0033, SDSL0034 (and SDSL0005 for a missing <c>platform:</c>): platform rules a definition declares. A shared
/// status or event type may list the platforms lifecycles run on (<c>platforms:</c>) and mark members that exist only
/// on some of them (<c>{ name: Consent, platforms: [enhanced] }</c>); a lifecycle's <c>platform:</c> must then be one
/// of the declared platforms, and its states and events must exist on it, as must the statuses a rule requires of the
/// partition's other sessions (a partition's sessions run on one platform).
/// </summary>
internal sealed class MembersFitThePlatform : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var checks = new[]
        {
            (Type: lifecycle.StatusType, Names: lifecycle.States.Select(s => (Role: "State", Name: new Named(s.Name, s.Span)))
                .Concat(lifecycle.Rules.Where(r => r.NamesOtherSessions).SelectMany(r => r.Statuses).Select(n => (Role: "Status", Name: n)))),
            (Type: lifecycle.EventType, Names: lifecycle.Events.Select(e => (Role: "Event", Name: new Named(e.Name, e.Span)))),
        };
        bool platformReported = false;
        foreach (var check in checks)
        {
            SharedTypeRef type = check.Type;
            var declared = type.Platforms.Select(p => p.Name).ToList();
            if (declared.Count > 0)
            {
                string list = string.Join(", ", declared);
                foreach (Named platform in type.Restrictions.SelectMany(r => r.Platforms).Where(p => !declared.Contains(p.Name)))
                {
                    yield return DiagnosticInfo.Create(DiagnosticCatalog.UnknownPlatform, platform.Span, platform.Name, type.Name, Suggest.WithSuggestion(list, platform.Name, declared));
                }

                if (!platformReported && lifecycle.Platform is { } own && !declared.Contains(own))
                {
                    platformReported = true;
                    yield return DiagnosticInfo.Create(DiagnosticCatalog.UnknownPlatform, lifecycle.PlatformSpan, own, type.Name, Suggest.WithSuggestion(list, own, declared));
                }

                if (!platformReported && lifecycle.Platform is null)
                {
                    platformReported = true;
                    yield return DiagnosticInfo.Create(DiagnosticCatalog.MissingKey, lifecycle.NameSpan, $"Lifecycle '{lifecycle.Name}', whose type '{type.Name}' declares the platforms {list},", "platform");
                }
            }

            if (type.Restrictions.IsEmpty || (lifecycle.Platform is { } p && declared.Count > 0 && !declared.Contains(p)))
            {
                continue;
            }

            foreach (var (role, name) in check.Names)
            {
                if (type.PlatformsOf(name.Name) is { } platforms && !platforms.Any(x => x.Name == lifecycle.Platform))
                {
                    yield return DiagnosticInfo.Create(
                        DiagnosticCatalog.NotOnPlatform,
                        name.Span,
                        role,
                        name.Name,
                        string.Join(" or ", platforms.Select(x => $"'{x.Name}'")),
                        type.Name,
                        lifecycle.Name,
                        lifecycle.Platform is { } own ? $"for platform '{own}'" : "for no platform (it has no 'platform:')");
                }
            }
        }
    }
}
