using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SessionDsl.Analyzers.Diagnostics;
using SessionDsl.Analyzers.Lifecycles;

namespace SessionDsl.Analyzers;

/// <summary>
/// SDSL1006: writes to a session's status that no lifecycle checked. Two kinds: calls to the members
/// <c>SessionState</c> keeps for generated code (<c>Enter</c>, <c>StartCountdown</c>, <c>StopCountdown</c>), and
/// <c>new SessionState&lt;TStatus&gt;(status, enteredAt)</c> with a constant status no lifecycle of that status type
/// starts in. A status that is not a constant is left alone: that is how a session is restored from storage.
/// </summary>
internal static class BypassCheck
{
    public static void CheckInvocation(OperationAnalysisContext context, LifecycleTable table)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod is not { Name: "Enter" or "StartCountdown" or "StopCountdown" } method
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, table.SessionState))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.StatusWriteBypassesLifecycle,
            invocation.Syntax.GetLocation(),
            $"Calling 'SessionState.{method.Name}'",
            "it is for generated code only; use the lifecycle's Apply or Advance"));
    }

    public static void CheckCreation(OperationAnalysisContext context, LifecycleTable table)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is not INamedTypeSymbol { IsGenericType: true } type
            || !SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, table.SessionState)
            || creation.Arguments.Length == 0
            || creation.Arguments[0].Value.ConstantValue is not { HasValue: true } status
            || table.SessionStatusOf(type) is not { } members
            || members.BitOfValue(status.Value) is not int bit
            || table.InitialStatusesOf(members.Type) is not ulong initial
            || ((initial >> bit) & 1) != 0)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.StatusWriteBypassesLifecycle,
            creation.Syntax.GetLocation(),
            $"Creating a session in status '{members.Names[bit]}'",
            $"no lifecycle of '{members.Type.Name}' starts there (initial: {members.Describe(initial)}); use the lifecycle's Start"));
    }
}
