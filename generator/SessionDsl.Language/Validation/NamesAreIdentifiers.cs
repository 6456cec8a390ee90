using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>SDSL0006: every name that becomes a C# name is a C# identifier (states, events and values are checked as they are read).</summary>
internal sealed class NamesAreIdentifiers : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        if (!Naming.IsTypeName(lifecycle.Name))
        {
            yield return DiagnosticInfo.Create(DiagnosticCatalog.InvalidName, lifecycle.NameSpan, lifecycle.Name, "a lifecycle name (it becomes a type, so it also needs a capital letter)");
        }

        if (!Naming.IsNamespace(lifecycle.Namespace))
        {
            yield return DiagnosticInfo.Create(DiagnosticCatalog.InvalidName, lifecycle.NameSpan, lifecycle.Namespace, "a namespace (C# identifiers separated by dots)");
        }

        foreach (SharedTypeRef type in new[] { lifecycle.StatusType, lifecycle.EventType })
        {
            if (!Naming.IsTypeName(type.Name))
            {
                yield return DiagnosticInfo.Create(DiagnosticCatalog.InvalidName, type.Span, type.Name, "a type name (it also needs a capital letter)");
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

            if (option.EnumTypeName is { } enumType && !Naming.IsTypeName(enumType))
            {
                yield return DiagnosticInfo.Create(DiagnosticCatalog.InvalidName, option.Span, enumType, $"the enum type of option '{option.Name}' (it also needs a capital letter)");
            }

            foreach (string value in option.Values.Where(Naming.IsGuardWord))
            {
                yield return DiagnosticInfo.Create(DiagnosticCatalog.InvalidName, option.Span, value, $"a value of option '{option.Name}' (guards read not, and and or as operators)");
            }
        }
    }
}
