using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Text;

namespace SessionDsl.Language.Validation;

/// <summary>
/// SDSL0012, SDSL0015, SDSL0016: a guard names declared options, compares enumerations with their own values, and
/// tests booleans and durations bare (a duration is "set" or not).
/// </summary>
internal sealed class GuardsAreWellTyped : IDefinitionRule
{
    public IEnumerable<DiagnosticInfo> Check(LifecycleModel lifecycle)
    {
        var options = lifecycle.Options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        IEnumerable<GuardExpression> guards = lifecycle.Transitions.Select(t => t.Guard)
            .Concat(lifecycle.Timers.Select(t => t.Guard))
            .OfType<GuardExpression>();
        return guards.SelectMany(g => CheckNode(g, lifecycle, options)).ToList();
    }

    private static IEnumerable<DiagnosticInfo> CheckNode(GuardExpression node, LifecycleModel lifecycle, Dictionary<string, OptionModel> options)
    {
        switch (node)
        {
            case GuardAnd and:
                return CheckNode(and.Left, lifecycle, options).Concat(CheckNode(and.Right, lifecycle, options));
            case GuardOr or:
                return CheckNode(or.Left, lifecycle, options).Concat(CheckNode(or.Right, lifecycle, options));
            case GuardNot not:
                return CheckNode(not.Operand, lifecycle, options);
            case GuardOptionTest test:
                if (!options.TryGetValue(test.Option.Name, out OptionModel? tested))
                {
                    return new[] { UnknownOption(test.Option, lifecycle, options) };
                }

                if (tested.Kind == OptionKindModel.Enumeration)
                {
                    return new[] { DiagnosticInfo.Create(DiagnosticCatalog.GuardTypeMismatch, test.Span, tested.Name, "an enumeration", $"compare it with a value, for example '{tested.Name} == {tested.Values.FirstOrDefault() ?? "Value"}'") };
                }

                return Array.Empty<DiagnosticInfo>();
            case GuardComparison comparison:
                if (!options.TryGetValue(comparison.Option.Name, out OptionModel? compared))
                {
                    return new[] { UnknownOption(comparison.Option, lifecycle, options) };
                }

                if (compared.Kind != OptionKindModel.Enumeration)
                {
                    string usage = compared.Kind == OptionKindModel.Boolean
                        ? $"write '{compared.Name}' or 'not {compared.Name}' instead of comparing it"
                        : $"write '{compared.Name}' (it is set) or 'not {compared.Name}' (it is absent) instead of comparing it";
                    return new[] { DiagnosticInfo.Create(DiagnosticCatalog.GuardTypeMismatch, comparison.Span, compared.Name, compared.Kind == OptionKindModel.Boolean ? "a bool" : "a duration", usage) };
                }

                if (!compared.Values.Contains(comparison.Value.Name))
                {
                    return new[] { DiagnosticInfo.Create(DiagnosticCatalog.UnknownOptionValue, comparison.Value.Span, comparison.Value.Name, compared.Name, Suggest.WithSuggestion(string.Join(", ", compared.Values), comparison.Value.Name, compared.Values)) };
                }

                return Array.Empty<DiagnosticInfo>();
            default:
                return Array.Empty<DiagnosticInfo>();
        }
    }

    internal static DiagnosticInfo UnknownOption(Named option, LifecycleModel lifecycle, Dictionary<string, OptionModel> options) =>
        DiagnosticInfo.Create(
            DiagnosticCatalog.UnknownOption,
            option.Span,
            option.Name,
            lifecycle.Name,
            Suggest.WithSuggestion(string.Join(", ", options.Keys), option.Name, options.Keys));
}
