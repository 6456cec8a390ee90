using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SessionDsl.Analyzers.Diagnostics;
using SessionDsl.Analyzers.Flow;
using SessionDsl.Analyzers.Lifecycles;

namespace SessionDsl.Analyzers;

/// <summary>
/// SDSL1004 and SDSL1005: a <c>switch</c> (statement or expression) on <c>session.Status</c>. The lifecycle is the one
/// the flow analysis saw the session started or driven by, or else the only lifecycle of that status type; with
/// neither, nothing is said. A case with a <c>when</c> clause or a pattern that is not made of constants handles
/// nothing for certain, and a <c>default</c> or discard arm handles everything, so neither leads to SDSL1005.
/// </summary>
internal static class SwitchCheck
{
    public static void Run(LifecycleTable table, IOperation body, IReadOnlyDictionary<SyntaxNode, SessionValue> atSwitches, Action<Diagnostic> report)
    {
        foreach (IOperation operation in body.Descendants())
        {
            switch (operation)
            {
                case ISwitchOperation statement:
                    Check(table, statement.Value, statement.Cases.SelectMany(c => c.Clauses).Select(Handled), atSwitches, report);
                    break;
                case ISwitchExpressionOperation expression:
                    Check(table, expression.Value, expression.Arms.Select(a => Handled(a.Pattern, a.Guard)), atSwitches, report);
                    break;
            }
        }
    }

    private static void Check(
        LifecycleTable table,
        IOperation value,
        IEnumerable<(IOperation? Constant, IPatternOperation? Pattern, bool Guarded, bool Default)> arms,
        IReadOnlyDictionary<SyntaxNode, SessionValue> atSwitches,
        Action<Diagnostic> report)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        if (value is not IPropertyReferenceOperation { Property.Name: "Status", Instance: { } instance }
            || table.SessionStatusOf(instance.Type) is not { } status)
        {
            return;
        }

        atSwitches.TryGetValue(value.Syntax, out SessionValue known);
        LifecycleInfo? lifecycle = known.Lifecycle ?? table.OnlyLifecycleOf(status.Type);
        if (lifecycle is null)
        {
            return;
        }

        ulong mayBe = (atSwitches.ContainsKey(value.Syntax) ? known.Possible : ulong.MaxValue) & lifecycle.States;
        ulong handled = 0;
        bool exhaustiveUnknown = false;
        foreach ((IOperation? constant, IPatternOperation? pattern, bool guarded, bool isDefault) in arms)
        {
            if (isDefault)
            {
                exhaustiveUnknown = true;
                continue;
            }

            var constants = new List<IOperation>();
            bool onlyConstants = constant is not null ? Add(constants, constant) : pattern is not null && Collect(pattern, constants);
            foreach (IOperation c in constants)
            {
                if (c.ConstantValue is { HasValue: true } v && status.BitOfValue(v.Value) is int bit && ((lifecycle.States >> bit) & 1) == 0)
                {
                    report(Diagnostic.Create(
                        DiagnosticDescriptors.SwitchHandlesImpossibleStatus,
                        c.Syntax.GetLocation(),
                        lifecycle.Name,
                        status.Names[bit],
                        status.Describe(lifecycle.States)));
                }
            }

            if (!onlyConstants)
            {
                exhaustiveUnknown = true;
            }
            else if (!guarded)
            {
                foreach (IOperation c in constants)
                {
                    if (c.ConstantValue is { HasValue: true } v && status.BitOfValue(v.Value) is int bit)
                    {
                        handled |= 1UL << bit;
                    }
                }
            }
        }

        ulong missing = mayBe & ~handled;
        if (exhaustiveUnknown || missing == 0)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateRange(new[]
        {
            new KeyValuePair<string, string?>(DiagnosticDescriptors.MissingStatesProperty, string.Join(",", LifecycleInfo.Bits(missing).Select(b => status.Names[b]))),
            new KeyValuePair<string, string?>(DiagnosticDescriptors.TypeProperty, status.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)),
        });
        report(Diagnostic.Create(
            DiagnosticDescriptors.SwitchOmitsPossibleStatus,
            value.Syntax.GetLocation(),
            properties,
            value.Syntax.ToString(),
            status.Describe(missing),
            lifecycle.Name));
    }

    private static bool Add(List<IOperation> constants, IOperation constant)
    {
        constants.Add(constant);
        return true;
    }

    /// <summary>Collects the constants of an or-pattern; false when the pattern is anything else.</summary>
    private static bool Collect(IPatternOperation pattern, List<IOperation> constants) => pattern switch
    {
        IConstantPatternOperation constant => Add(constants, constant.Value),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or => Collect(or.LeftPattern, constants) & Collect(or.RightPattern, constants),
        _ => false,
    };

    private static (IOperation?, IPatternOperation?, bool, bool) Handled(ICaseClauseOperation clause) => clause switch
    {
        IDefaultCaseClauseOperation => (null, null, false, true),
        ISingleValueCaseClauseOperation single => (single.Value, null, false, false),
        IPatternCaseClauseOperation pattern => Handled(pattern.Pattern, pattern.Guard),
        _ => (null, null, false, true),
    };

    private static (IOperation?, IPatternOperation?, bool, bool) Handled(IPatternOperation pattern, IOperation? guard) =>
        pattern is IDiscardPatternOperation ? (null, null, false, true) : (null, pattern, guard is not null, false);
}
