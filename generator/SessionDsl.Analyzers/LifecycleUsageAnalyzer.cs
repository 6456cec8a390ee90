using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SessionDsl.Analyzers.Diagnostics;
using SessionDsl.Analyzers.Flow;
using SessionDsl.Analyzers.Lifecycles;

namespace SessionDsl.Analyzers;

/// <summary>
/// Checks C# that uses generated lifecycles against their definitions: constant transitions (SDSL1001) and starts
/// (SDSL1007), events along
/// a method's control flow (SDSL1002, SDSL1003), switches over a session's status (SDSL1004, SDSL1005) and writes
/// that bypass a lifecycle (SDSL1006). The lifecycle table is built once per compilation from the
/// <c>*.lifecycle.yaml</c> additional files; a project without them costs one lookup.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LifecycleUsageAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.IllegalConstantTransition,
        DiagnosticDescriptors.EventIllegalInEveryStatus,
        DiagnosticDescriptors.EventIllegalInSomeStatus,
        DiagnosticDescriptors.SwitchHandlesImpossibleStatus,
        DiagnosticDescriptors.SwitchOmitsPossibleStatus,
        DiagnosticDescriptors.StatusWriteBypassesLifecycle,
        DiagnosticDescriptors.StartInNonInitialStatus);

    public override void Initialize(AnalysisContext context)
    {
        // Generated lifecycles are the one place allowed to write a status directly.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (LifecycleTable.Create(start.Compilation, start.Options.AdditionalFiles, start.CancellationToken) is not { } table)
            {
                return;
            }

            start.RegisterOperationAction(c => CheckConstantTransition(c, table), OperationKind.Invocation);
            start.RegisterOperationAction(c => CheckConstantStart(c, table), OperationKind.Invocation);
            start.RegisterOperationAction(c => BypassCheck.CheckInvocation(c, table), OperationKind.Invocation);
            start.RegisterOperationAction(c => BypassCheck.CheckCreation(c, table), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => CheckBody(c, table), OperationKind.MethodBody, OperationKind.ConstructorBody);
        });
    }

    /// <summary>SDSL1001: <c>Fire</c> or <c>FireOrThrow</c> with a constant status and a constant event that have no transition.</summary>
    private static void CheckConstantTransition(OperationAnalysisContext context, LifecycleTable table)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod is not { IsStatic: true, Name: "Fire" or "FireOrThrow" } method
            || table.Find(method.ContainingType) is not { } lifecycle)
        {
            return;
        }

        IArgumentOperation? from = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "from");
        IArgumentOperation? @event = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "event");
        if (from?.Value.ConstantValue is not { HasValue: true } fromValue
            || @event?.Value.ConstantValue is not { HasValue: true } eventValue
            || lifecycle.Status.BitOfValue(fromValue.Value) is not int state
            || lifecycle.Events.BitOfValue(eventValue.Value) is not int e
            || ((lifecycle.States >> state) & 1) != 0 && lifecycle.Allows(state, e))
        {
            return;
        }

        ulong fromMask = 1UL << state;
        IReadOnlyList<string> legal = (lifecycle.States & fromMask) == 0 ? Array.Empty<string>() : lifecycle.EventsLegalInAll(fromMask);
        var properties = ImmutableDictionary.CreateRange(new[]
        {
            new KeyValuePair<string, string?>(DiagnosticDescriptors.LegalEventsProperty, string.Join(",", legal)),
            new KeyValuePair<string, string?>(DiagnosticDescriptors.TypeProperty, lifecycle.Events.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)),
        });
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.IllegalConstantTransition,
            @event.Value.Syntax.GetLocation(),
            properties,
            lifecycle.Name,
            lifecycle.Status.Names[state],
            lifecycle.Events.Names[e],
            SessionFlowAnalysis.List(legal)));
    }

    /// <summary>SDSL1007: <c>Start</c> with a constant status that is not one of the lifecycle's initial states (it would throw).</summary>
    private static void CheckConstantStart(OperationAnalysisContext context, LifecycleTable table)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod is not { IsStatic: true, Name: "Start" } method
            || table.Find(method.ContainingType) is not { } lifecycle
            || invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "initial") is not { Value.ConstantValue: { HasValue: true } constant } initial
            || lifecycle.Status.BitOfValue(constant.Value) is not int state
            || ((lifecycle.Initial >> state) & 1) != 0)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.StartInNonInitialStatus,
            initial.Value.Syntax.GetLocation(),
            lifecycle.Name,
            lifecycle.Status.Names[state],
            lifecycle.Status.Describe(lifecycle.Initial)));
    }

    private static void CheckBody(OperationAnalysisContext context, LifecycleTable table)
    {
        SessionFlowAnalysis flow = SessionFlowAnalysis.Run(table, context.Operation, context.GetControlFlowGraph, context.ReportDiagnostic);
        SwitchCheck.Run(table, context.Operation, flow.AtSwitches, context.ReportDiagnostic);
    }
}
