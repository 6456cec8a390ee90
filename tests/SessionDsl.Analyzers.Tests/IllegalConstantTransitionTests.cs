using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Test = SessionDsl.Analyzers.Tests.LifecycleTest<SessionDsl.CodeFixes.ReplaceIllegalEventCodeFix>;

namespace SessionDsl.Analyzers.Tests;

public sealed class IllegalConstantTransitionTests
{
    [Fact]
    public Task Firing_an_event_the_state_does_not_allow_is_an_error_that_lists_the_legal_events() =>
        Test.VerifyAsync(
            Snippet.Method("var result = Ticket.Fire(TicketStatus.Open, {|#0:TicketEvent.Reply|});"),
            new DiagnosticResult("SDSL1001", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Ticket", "Open", "Reply", "Assign, Close"));

    [Fact]
    public Task FireOrThrow_from_a_final_state_is_an_error_saying_nothing_is_allowed() =>
        Test.VerifyAsync(
            Snippet.Method("Ticket.FireOrThrow(TicketStatus.Closed, {|#0:TicketEvent.Close|}, Options);"),
            new DiagnosticResult("SDSL1001", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Ticket", "Closed", "Close", "(none)"));

    [Fact]
    public Task A_guarded_transition_counts_as_legal() =>
        Test.VerifyAsync(Snippet.Method("var result = Ticket.Fire(TicketStatus.Open, TicketEvent.Assign, new Ticket.Options { Priority = Priority.Low });"));

    [Fact]
    public Task A_status_that_is_not_a_constant_is_not_checked() =>
        Test.VerifyAsync(Snippet.Method("var result = Ticket.Fire(status, TicketEvent.Reply);", "TicketStatus status"));

    [Fact]
    public Task The_fix_replaces_the_illegal_event_by_the_legal_one_chosen() =>
        new Test(
            Snippet.Method("var result = Ticket.Fire(TicketStatus.Open, {|SDSL1001:TicketEvent.Reply|});"),
            Snippet.Method("var result = Ticket.Fire(TicketStatus.Open, TicketEvent.Close);"))
        {
            CodeActionIndex = 1,
            CodeActionEquivalenceKey = "SDSL-use-Close",
        }.RunAsync();

    [Fact]
    public Task Starting_in_a_constant_status_that_is_not_initial_is_an_error_that_names_the_initial_ones() =>
        Test.VerifyAsync(
            Snippet.Method("var ticket = Ticket.Start({|#0:TicketStatus.Active|}, Now);"),
            new DiagnosticResult("SDSL1007", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Ticket", "Active", "Open"));

    [Fact]
    public Task Starting_in_an_initial_status_or_the_default_one_is_accepted() =>
        Test.VerifyAsync(Snippet.Method("""
            var first = Ticket.Start(TicketStatus.Open, Now);
            var second = Ticket.Start(Now);
            var third = Ticket.Start(status, Now);
            """,
            "TicketStatus status"));
}
