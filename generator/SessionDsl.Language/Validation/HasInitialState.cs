using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>SDSL0013: a lifecycle has somewhere to start.</summary>
internal sealed class HasInitialState : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        if (lifecycle.States.Any(s => s.IsInitial))
        {
            yield break;
        }

        string hint = lifecycle.States.Count == 0
            ? "it declares no states"
            : $"for example '{lifecycle.States[0].Name}: {{ initial: true }}'";
        yield return DiagnosticInfo.Create(DiagnosticCatalog.NoInitialState, lifecycle.NameSpan, lifecycle.Name, hint);
    }
}
