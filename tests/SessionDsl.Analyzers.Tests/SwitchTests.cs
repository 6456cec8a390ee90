using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Test = SessionDsl.Analyzers.Tests.LifecycleTest<SessionDsl.CodeFixes.AddMissingSwitchArmsCodeFix>;

namespace SessionDsl.Analyzers.Tests;

public sealed class SwitchTests
{
    [Fact]
    public Task A_case_for_a_status_the_lifecycle_never_has_is_a_warning() =>
        Test.VerifyAsync(
            Snippet.Method(
                """
                switch (ticket.Status)
                {
                    case {|#0:TicketStatus.Archived|}:
                        break;
                    default:
                        break;
                }
                """,
                "SessionState<TicketStatus> ticket"),
            new DiagnosticResult("SDSL1004", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Ticket", "Archived", "Open, Active, Closed"));

    [Fact]
    public Task Cases_for_the_lifecycle_s_own_statuses_are_accepted() =>
        Test.VerifyAsync(Snippet.Method(
            """
            var text = ticket.Status switch
            {
                TicketStatus.Open or TicketStatus.Active => "open",
                TicketStatus.Closed => "closed",
                _ => "unknown",
            };
            """,
            "SessionState<TicketStatus> ticket"));

    [Fact]
    public Task A_switch_that_omits_a_status_the_session_may_be_in_is_a_warning() =>
        Test.VerifyAsync(
            Snippet.Method(
                """
                switch ({|#0:ticket.Status|})
                {
                    case TicketStatus.Open:
                    case TicketStatus.Active:
                        break;
                }
                """,
                "SessionState<TicketStatus> ticket"),
            new DiagnosticResult("SDSL1005", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("ticket.Status", "Closed", "Ticket"));

    [Fact]
    public Task A_switch_needs_no_case_for_a_status_the_session_cannot_be_in_here() =>
        Test.VerifyAsync(Snippet.Method("""
            var ticket = Ticket.Start(Now);
            switch (ticket.Status)
            {
                case TicketStatus.Open:
                    break;
            }
            """));

    [Fact]
    public Task A_switch_with_a_default_omits_nothing() =>
        Test.VerifyAsync(Snippet.Method(
            """
            switch (ticket.Status)
            {
                case TicketStatus.Open:
                    break;
                default:
                    break;
            }
            """,
            "SessionState<TicketStatus> ticket"));

    [Fact]
    public Task With_a_shared_status_type_the_lifecycle_that_started_the_session_decides() =>
        Test.VerifyAsync(
            Snippet.Method("""
                var chat = Chat.Start(Now);
                switch (chat.Status)
                {
                    case TicketStatus.Open:
                        break;
                    case {|#0:TicketStatus.Active|}:
                        break;
                    default:
                        break;
                }
                """),
            new[] { Definitions.Ticket, Definitions.Chat },
            new DiagnosticResult("SDSL1004", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Chat", "Active", "Open, Archived, Closed"));

    [Fact]
    public Task With_a_shared_status_type_and_no_clue_to_the_lifecycle_nothing_is_said() =>
        Test.VerifyAsync(
            Snippet.Method(
                """
                switch (session.Status)
                {
                    case TicketStatus.Archived:
                        break;
                }
                """,
                "SessionState<TicketStatus> session"),
            new[] { Definitions.Ticket, Definitions.Chat });

    [Fact]
    public Task The_fix_adds_a_case_for_each_missing_status_to_a_switch_statement() =>
        new Test(
            Snippet.Method(
                """
                switch ({|SDSL1005:ticket.Status|})
                {
                    case TicketStatus.Open:
                        break;
                }
                """,
                "SessionState<TicketStatus> ticket"),
            Snippet.Method(
                """
                switch (ticket.Status)
                {
                    case TicketStatus.Open:
                        break;
                    case TicketStatus.Active:
                        break;
                    case TicketStatus.Closed:
                        break;
                }
                """,
                "SessionState<TicketStatus> ticket")).RunAsync();

    [Fact]
    public Task The_fix_adds_an_arm_for_each_missing_status_to_a_switch_expression() =>
        new Test(
            Snippet.Method(
                """
                #pragma warning disable CS8509, CS8524 // the compiler's own exhaustiveness warnings are not under test
                var open = {|SDSL1005:ticket.Status|} switch
                {
                    TicketStatus.Open => true,
                };
                """,
                "SessionState<TicketStatus> ticket"),
            Snippet.Method(
                """
                #pragma warning disable CS8509, CS8524 // the compiler's own exhaustiveness warnings are not under test
                var open = ticket.Status switch
                {
                    TicketStatus.Open => true,
                    TicketStatus.Active => throw new NotImplementedException(),
                    TicketStatus.Closed => throw new NotImplementedException(),
                };
                """,
                "SessionState<TicketStatus> ticket")).RunAsync();
}
