using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Test = SessionDsl.Analyzers.Tests.LifecycleTest<Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace SessionDsl.Analyzers.Tests;

public sealed class BypassTests
{
    [Fact]
    public Task Calling_Enter_is_a_warning() =>
        Test.VerifyAsync(
            Snippet.Method("{|#0:ticket.Enter(TicketStatus.Closed, Now.UtcTicks)|};", "ref SessionState<TicketStatus> ticket"),
            new DiagnosticResult("SDSL1006", DiagnosticSeverity.Warning).WithLocation(0)
                .WithArguments("Calling 'SessionState.Enter'", "it is for generated code only; use the lifecycle's Apply or Advance"));

    [Fact]
    public Task Creating_a_session_in_a_constant_status_no_lifecycle_starts_in_is_a_warning() =>
        Test.VerifyAsync(
            Snippet.Method("var ticket = {|#0:new SessionState<TicketStatus>(TicketStatus.Active, Now)|};"),
            new DiagnosticResult("SDSL1006", DiagnosticSeverity.Warning).WithLocation(0)
                .WithArguments("Creating a session in status 'Active'", "no lifecycle of 'TicketStatus' starts there (initial: Open); use the lifecycle's Start"));

    [Fact]
    public Task Restoring_a_session_from_a_stored_status_is_accepted() =>
        Test.VerifyAsync(Snippet.Method(
            """
            var restored = new SessionState<TicketStatus>(stored, Now);
            var fresh = new SessionState<TicketStatus>(TicketStatus.Open, Now);
            """,
            "TicketStatus stored"));
}
