using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>
/// SDSL0035: a name the generated code would need twice. A lifecycle may not be named like a member of its own
/// generated struct (CS0542), and an option's property, its field and its check method may not be named like another
/// member of <c>Options</c>: the fixed ones (<c>Default</c>, <c>Validate</c>, the record's <c>Equals</c>...) or another
/// option's (options <c>x</c> and <c>X</c> both become the property <c>X</c>).
/// </summary>
internal sealed class NamesAreFreeInGeneratedCode : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        if (OptionMembers.LifecycleMembers.Contains(lifecycle.Name, StringComparer.Ordinal))
        {
            yield return DiagnosticInfo.Create(
                DiagnosticCatalog.NameTaken,
                lifecycle.NameSpan,
                $"Lifecycle '{lifecycle.Name}'",
                $"the generated struct {lifecycle.Name} declares a member '{lifecycle.Name}', and a member may not be named like its type",
                "rename the lifecycle");
        }

        foreach (var (name, span, what) in EnumMembers(lifecycle).Where(m => m.Name == ReservedEnumMember))
        {
            yield return DiagnosticInfo.Create(
                DiagnosticCatalog.NameTaken,
                span,
                $"{what} '{name}'",
                "C# reserves the name in every enum, for the enum's own value (CS0076)",
                $"rename the {what.ToLowerInvariant()}");
        }

        var taken = OptionMembers.OptionsMembers.ToDictionary(m => m, _ => "Options itself", StringComparer.Ordinal);
        foreach (OptionModel option in lifecycle.Options)
        {
            string property = option.PropertyName;
            foreach (string member in new[] { property, OptionMembers.Field(property), OptionMembers.Check(property) })
            {
                if (taken.TryGetValue(member, out string? owner))
                {
                    yield return DiagnosticInfo.Create(
                        DiagnosticCatalog.NameTaken,
                        option.Span,
                        $"Option '{option.Name}'",
                        $"its generated member '{member}' is already a member of Options (declared by {owner})",
                        "rename the option");
                    break;
                }
            }

            foreach (string member in new[] { property, OptionMembers.Field(property), OptionMembers.Check(property) })
            {
                if (!taken.ContainsKey(member))
                {
                    taken.Add(member, $"option '{option.Name}'");
                }
            }
        }
    }

    /// <summary>The one identifier C# does not allow as an enum member: every enum's own value field is called this.</summary>
    private const string ReservedEnumMember = "value__";

    /// <summary>Every name that becomes a member of a generated enum: statuses, events (declared or listed by the shared type) and enum option values.</summary>
    private static IEnumerable<(string Name, SourceSpan Span, string What)> EnumMembers(LifecycleModel lifecycle) =>
        lifecycle.States.Select(s => (s.Name, s.Span, "State"))
            .Concat(lifecycle.Events.Select(e => (e.Name, e.Span, "Event")))
            .Concat(lifecycle.StatusType.Members.Concat(lifecycle.EventType.Members).Select(m => (m.Name, m.Span, "Member")))
            .Concat(lifecycle.Options.SelectMany(o => o.Values.Select(v => (v, o.Span, "Value"))));
}
