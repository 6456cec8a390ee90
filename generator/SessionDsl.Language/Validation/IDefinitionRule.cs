using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>One check of one lifecycle definition. A rule only reports; it never changes the model.</summary>
public interface IDefinitionRule
{
    IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle);
}
