using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>SDSL0006: every name that becomes a C# name is a C# identifier (states, events and values are checked as they are read).</summary>
internal sealed class NamesAreIdentifiers : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        if (!Naming.IsIdentifier(lifecycle.Name))
        {
            yield return DiagnosticInfo.Create(DiagnosticCatalog.InvalidName, lifecycle.NameSpan, lifecycle.Name, "a lifecycle name");
        }

        if (!Naming.IsNamespace(lifecycle.Namespace))
        {
            yield return DiagnosticInfo.Create(DiagnosticCatalog.InvalidName, lifecycle.NameSpan, lifecycle.Namespace, "a namespace");
        }

        foreach (SharedTypeRef type in new[] { lifecycle.StatusType, lifecycle.EventType })
        {
            if (!Naming.IsIdentifier(type.Name))
            {
                yield return DiagnosticInfo.Create(DiagnosticCatalog.InvalidName, type.Span, type.Name, "a type name");
            }

            foreach (Named member in type.Members.Where(m => !Naming.IsIdentifier(m.Name)))
            {
                yield return DiagnosticInfo.Create(DiagnosticCatalog.InvalidName, member.Span, member.Name, $"a member of '{type.Name}'");
            }
        }

        foreach (OptionModel option in lifecycle.Options)
        {
            if (!Naming.IsIdentifier(option.Name) || Naming.IsGuardWord(option.Name))
            {
                yield return DiagnosticInfo.Create(DiagnosticCatalog.InvalidName, option.Span, option.Name, "an option name (nor may it be not, and or or, which guards read as operators)");
            }

            foreach (string value in option.Values.Where(Naming.IsGuardWord))
            {
                yield return DiagnosticInfo.Create(DiagnosticCatalog.InvalidName, option.Span, value, $"a value of option '{option.Name}' (guards read not, and and or as operators)");
            }
        }
    }
}
