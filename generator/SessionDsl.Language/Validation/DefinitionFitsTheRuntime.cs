using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Runtime;

namespace SessionDsl.Language.Validation;

/// <summary>
/// SDSL0022, SDSL0023: a session value has room for a fixed number of running countdowns, and a transition table cell
/// for a fixed number of states.
/// </summary>
internal sealed class DefinitionFitsTheRuntime : IDefinitionRule
{
    public const int MaxCountdowns = RuntimeLimits.MaxCountdowns;

    /// <summary>A table cell keeps the target status in 12 bits.</summary>
    public const int MaxMembers = 4094;

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

        foreach (var (type, count) in new[] { (lifecycle.StatusType, lifecycle.StatusMembers.Count), (lifecycle.EventType, lifecycle.EventMembers.Count) })
        {
            if (count > MaxMembers)
            {
                yield return DiagnosticInfo.Create(
                    DiagnosticCatalog.TooManyMembers,
                    type.Span,
                    type.Name,
                    count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    MaxMembers.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
