using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Test = SessionDsl.Analyzers.Tests.LifecycleTest<SessionDsl.CodeFixes.ReplaceIllegalEventCodeFix>;

namespace SessionDsl.Analyzers.Tests;

public sealed class FlowTests
{
    [Fact]
    public Task An_event_illegal_in_the_status_a_session_starts_in_is_an_error() =>
        Test.VerifyAsync(
            Snippet.Method("""
                var ticket = Ticket.Start(Now);
                Ticket.Apply(ref ticket, {|#0:TicketEvent.Reply|}, Now, Options);
                """),
            new DiagnosticResult("SDSL1002", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Ticket", "Reply", "ticket", "Open", "Assign, Close"));

    [Fact]
    public Task An_event_illegal_in_the_status_an_if_narrows_to_is_an_error_for_a_parameter_too() =>
        Test.VerifyAsync(
            Snippet.Method(
                """
                if (ticket.Status == TicketStatus.Closed)
                {
                    Ticket.Apply(ref ticket, {|#0:TicketEvent.Close|}, Now, Options);
                }
                """,
                "ref SessionState<TicketStatus> ticket"),
            new DiagnosticResult("SDSL1002", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Ticket", "Close", "ticket", "Closed", "(none)"));

    [Fact]
    public Task An_event_legal_in_the_status_an_if_narrows_to_is_accepted() =>
        Test.VerifyAsync(Snippet.Method("""
            var ticket = Ticket.Start(Now);
            Ticket.Apply(ref ticket, TicketEvent.Assign, Now, Options);
            if (ticket.Status == TicketStatus.Active)
            {
                Ticket.Apply(ref ticket, TicketEvent.Reply, Now, Options);
            }
            """));

    [Fact]
    public Task An_event_illegal_in_some_status_the_session_may_be_in_is_a_warning() =>
        Test.VerifyAsync(
            Snippet.Method(
                """
                var ticket = Ticket.Start(Now);
                if (urgent)
                {
                    Ticket.Apply(ref ticket, TicketEvent.Assign, Now, Options);
                }

                Ticket.Apply(ref ticket, {|#0:TicketEvent.Reply|}, Now, Options);
                """,
                "bool urgent"),
            new DiagnosticResult("SDSL1003", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Ticket", "Reply", "ticket", "Open", "Close"));

    [Fact]
    public Task A_case_of_a_switch_on_the_status_narrows_like_an_if() =>
        Test.VerifyAsync(Snippet.Method("""
            var ticket = Ticket.Start(Now);
            Ticket.Apply(ref ticket, TicketEvent.Assign, Now, Options);
            switch (ticket.Status)
            {
                case TicketStatus.Active:
                    Ticket.Apply(ref ticket, TicketEvent.Reply, Now, Options);
                    break;
                case TicketStatus.Open:
                    Ticket.Apply(ref ticket, TicketEvent.Assign, Now, Options);
                    break;
            }
            """));

    [Fact]
    public Task After_an_event_the_session_is_expected_where_the_event_leads_even_if_a_guard_or_timer_could_keep_it_elsewhere() =>
        Test.VerifyAsync(Snippet.Method("""
            var ticket = Ticket.Start(Now);
            Ticket.Apply(ref ticket, TicketEvent.Assign, Now, Options);
            Ticket.Apply(ref ticket, TicketEvent.Reply, Now, Options);
            """));

    [Fact]
    public Task A_session_nothing_is_known_about_gets_no_warning() =>
        Test.VerifyAsync(Snippet.Method("Ticket.Apply(ref ticket, TicketEvent.Reply, Now, Options);", "ref SessionState<TicketStatus> ticket"));

    [Fact]
    public Task A_session_a_lambda_captures_is_not_followed() =>
        Test.VerifyAsync(Snippet.Method("""
            var ticket = Ticket.Start(Now);
            Action assign = () => Ticket.Apply(ref ticket, TicketEvent.Assign, Now, Options);
            assign();
            Ticket.Apply(ref ticket, TicketEvent.Reply, Now, Options);
            """));

    [Fact]
    public Task A_loop_joins_the_statuses_of_every_iteration() =>
        Test.VerifyAsync(
            Snippet.Method("""
                var ticket = Ticket.Start(Now);
                for (int i = 0; i < 3; i++)
                {
                    Ticket.Apply(ref ticket, {|#0:TicketEvent.Assign|}, Now, Options);
                }
                """),
            new DiagnosticResult("SDSL1003", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Ticket", "Assign", "ticket", "Active", "Close"));

    [Fact]
    public Task A_top_level_program_is_followed_like_a_method()
    {
        var test = new Test("""
            using System;
            using Demo;

            var now = DateTimeOffset.UnixEpoch;
            var ticket = Ticket.Start(now);
            Ticket.Apply(ref ticket, {|#0:TicketEvent.Reply|}, now, Ticket.Options.Default);
            """);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SDSL1002", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Ticket", "Reply", "ticket", "Open", "Assign, Close"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_session_started_inside_a_lambda_is_followed_there() =>
        Test.VerifyAsync(
            Snippet.Method("""
                Action handle = () =>
                {
                    var ticket = Ticket.Start(Now);
                    Ticket.Apply(ref ticket, {|#0:TicketEvent.Reply|}, Now, Options);
                };
                """),
            new DiagnosticResult("SDSL1002", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Ticket", "Reply", "ticket", "Open", "Assign, Close"));

    [Fact]
    public Task Fire_on_a_followed_session_s_status_is_checked_against_the_statuses_it_may_be_in() =>
        Test.VerifyAsync(
            Snippet.Method("""
                var ticket = Ticket.Start(Now);
                var result = Ticket.Fire(ticket.Status, {|#0:TicketEvent.Reply|});
                """),
            new DiagnosticResult("SDSL1002", DiagnosticSeverity.Error).WithLocation(0).WithArguments("Ticket", "Reply", "ticket", "Open", "Assign, Close"));

    [Fact]
    public Task After_Advance_the_session_may_be_wherever_its_timers_lead() =>
        Test.VerifyAsync(
            Snippet.Method("""
                var ticket = Ticket.Start(Now);
                Ticket.Apply(ref ticket, TicketEvent.Assign, Now, Options);
                Ticket.Advance(ref ticket, Now.AddHours(3), Options);
                Ticket.Apply(ref ticket, {|#0:TicketEvent.Reply|}, Now, Options);
                """),
            new DiagnosticResult("SDSL1003", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Ticket", "Reply", "ticket", "Closed", "(none)"));

    [Fact]
    public Task A_catch_block_knows_nothing_so_the_code_after_it_is_not_warned() =>
        Test.VerifyAsync(Snippet.Method("""
            var ticket = Ticket.Start(Now);
            try
            {
                Ticket.ApplyOrThrow(ref ticket, TicketEvent.Assign, Now, Options);
            }
            catch (InvalidTransitionException)
            {
                Console.WriteLine("refused");
            }

            Ticket.Apply(ref ticket, TicketEvent.Reply, Now, Options);
            """));

    [Fact]
    public Task A_test_of_a_value_that_is_one_session_s_status_or_another_s_narrows_neither() =>
        Test.VerifyAsync(
            Snippet.Method(
                """
                var ticket = Ticket.Start(Now);
                var other = Ticket.Start(Now);
                if (urgent)
                {
                    Ticket.Apply(ref other, TicketEvent.Assign, Now, Options);
                }

                if ((urgent ? ticket.Status : other.Status) == TicketStatus.Open)
                {
                    Ticket.Apply(ref other, {|#0:TicketEvent.Reply|}, Now, Options);
                }
                """,
                "bool urgent"),
            new DiagnosticResult("SDSL1003", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Ticket", "Reply", "other", "Open", "Close"));

    [Fact]
    public Task An_arm_of_a_switch_expression_narrows_like_a_case() =>
        Test.VerifyAsync(Snippet.Method("""
            var ticket = Ticket.Start(Now);
            Ticket.Apply(ref ticket, TicketEvent.Assign, Now, Options);
            Ticket.Advance(ref ticket, Now, Options);
            var replied = ticket.Status switch
            {
                TicketStatus.Active => Ticket.Apply(ref ticket, TicketEvent.Reply, Now, Options).IsApplied,
                _ => false,
            };
            """));

    [Fact]
    public Task A_session_with_a_ref_alias_is_not_followed() =>
        Test.VerifyAsync(Snippet.Method("""
            var ticket = Ticket.Start(Now);
            ref var alias = ref ticket;
            Ticket.Apply(ref alias, TicketEvent.Assign, Now, Options);
            Ticket.Apply(ref ticket, TicketEvent.Reply, Now, Options);
            """));

    [Fact]
    public Task A_session_passed_by_ref_to_other_code_is_not_followed() =>
        Test.VerifyAsync(Snippet.Members("""
                public void Handle()
                {
                    var ticket = Ticket.Start(Now);
                    Assign(ref ticket);
                    Ticket.Apply(ref ticket, TicketEvent.Reply, Now, Options);
                }

                private static void Assign(ref SessionState<TicketStatus> ticket) => Ticket.Apply(ref ticket, TicketEvent.Assign, Now, Options);
            """));

    [Fact]
    public Task The_fix_replaces_an_event_illegal_in_every_status_by_a_legal_one() =>
        new Test(
            Snippet.Method("""
                var ticket = Ticket.Start(Now);
                Ticket.Apply(ref ticket, {|SDSL1002:TicketEvent.Reply|}, Now, Options);
                """),
            Snippet.Method("""
                var ticket = Ticket.Start(Now);
                Ticket.Apply(ref ticket, TicketEvent.Assign, Now, Options);
                """))
        {
            CodeActionEquivalenceKey = "SDSL-use-Assign",
        }.RunAsync();

    [Fact]
    public Task The_fix_replaces_an_event_illegal_in_some_status_by_one_legal_in_all_of_them() =>
        new Test(
            Snippet.Method(
                """
                var ticket = Ticket.Start(Now);
                if (urgent)
                {
                    Ticket.Apply(ref ticket, TicketEvent.Assign, Now, Options);
                }

                Ticket.Apply(ref ticket, {|SDSL1003:TicketEvent.Reply|}, Now, Options);
                """,
                "bool urgent"),
            Snippet.Method(
                """
                var ticket = Ticket.Start(Now);
                if (urgent)
                {
                    Ticket.Apply(ref ticket, TicketEvent.Assign, Now, Options);
                }

                Ticket.Apply(ref ticket, TicketEvent.Close, Now, Options);
                """,
                "bool urgent")).RunAsync();
}
