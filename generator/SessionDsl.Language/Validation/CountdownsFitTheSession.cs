using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>SDSL0022: a session value has room for a fixed number of running countdowns.</summary>
internal sealed class CountdownsFitTheSession : IDefinitionRule
{
    public const int MaxCountdowns = 4;

    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var countdowns = lifecycle.Countdowns.ToList();
        if (countdowns.Count > MaxCountdowns)
        {
            yield return DiagnosticInfo.Create(
                DiagnosticCatalog.TooManyCountdowns,
                countdowns[MaxCountdowns].Span,
                lifecycle.Name,
                countdowns.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                MaxCountdowns.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
