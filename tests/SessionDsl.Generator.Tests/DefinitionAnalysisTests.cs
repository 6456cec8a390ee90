using Microsoft.CodeAnalysis;
using Xunit;
using static SessionDsl.Generator.Tests.DiagnosticAssertions;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// The checks of a lifecycle's shape (SDSL0040 to SDSL0045) and of durations, each with a definition that triggers
/// it and one that does not, at exact lines and columns.
/// </summary>
public class DefinitionAnalysisTests
{
    // Line numbers matter: the tests below name them.
    internal const string Machine = """
        lifecycle: Ticket
        namespace: Demo.Tickets
        statusType: TicketStatus
        eventType: TicketEvent
        options:
          priority:
            type: enum
            values: [Low, Normal, High]
          vip:
            type: bool
          autoClose:
            type: duration
            optional: true
        states:
          Open: { initial: true }
          Active: Being worked on.
          Closed: { final: true }
        events:
          Assign: An agent takes it.
          Close: It is closed.
        transitions:
          - from: Open
            on: Assign
            to: Active
            when: priority == High
          - from: Open
            on: Assign
            to: Closed
            when: priority != High
          - from: [Open, Active]
            on: Close
            to: Closed
        timers:
          - name: AutoClose
            in: Active
            after: autoClose
            to: Closed
        """;

    private static IReadOnlyList<Diagnostic> DiagnosticsOf(string yaml) =>
        GeneratorHarness.RunOn(("ticket.lifecycle.yaml", yaml)).Diagnostics;

    private static Diagnostic Single(string yaml, string id)
    {
        var diagnostics = DiagnosticsOf(yaml);
        Assert.DoesNotContain(diagnostics, d => d.Id != id);
        return Assert.Single(diagnostics, d => d.Id == id);
    }

    [Fact]
    public void The_machine_has_no_diagnostics_and_generates_code()
    {
        var run = GeneratorHarness.RunOn(("ticket.lifecycle.yaml", Machine));

        Assert.Empty(run.Diagnostics);
        Assert.Contains(run.Sources, s => s.HintName == "Demo.Tickets.Ticket.g.cs");
    }

    [Fact]
    public void Every_shipped_definition_is_free_of_shape_findings()
    {
        var run = GeneratorHarness.RunOn(GeneratorHarness.ShippedDefinitions().ToArray());

        Assert.Empty(run.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Two_transitions_whose_guards_can_both_hold_are_SDSL0040_at_the_later_one_with_a_witness()
    {
        var d = Single(Replace(Machine, "when: priority != High", "when: priority != Low"), "SDSL0040");

        Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
        Assert.Equal((27, 9), Position(d));
        Assert.Equal(
            "The transitions at lines 22 and 26 both leave state 'Open' on event 'Assign' when priority == High; only the first of them would be taken; make their guards exclusive, for example by adding 'priority != High' to the later one",
            d.GetMessage());
        Assert.Equal("https://github.com/sessiondsl/sessiondsl/blob/main/docs/diagnostics/SDSL0040.md", d.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void Two_unguarded_transitions_on_one_state_and_event_are_SDSL0040_whatever_the_options()
    {
        string yaml = Replace(Replace(Machine, "    when: priority == High\n", string.Empty), "    when: priority != High\n", string.Empty);

        var d = Single(yaml, "SDSL0040");

        Assert.Contains("lines 22 and 25 both leave state 'Open' on event 'Assign' whatever the options; the one at line 25 can never be taken", d.GetMessage());
    }

    [Fact]
    public void An_unguarded_transition_before_a_guarded_one_shadows_it_SDSL0040()
    {
        var d = Single(Replace(Machine, "    when: priority == High\n", string.Empty), "SDSL0040");

        Assert.Equal((26, 9), Position(d));
        Assert.Contains("when priority == Low; the one at line 25 can never be taken, because the transitions before it take every case", d.GetMessage());
    }

    [Fact]
    public void A_guarded_transition_before_an_unguarded_one_is_SDSL0040_where_both_hold()
    {
        var d = Single(Replace(Machine, "    when: priority != High\n", string.Empty), "SDSL0040");

        Assert.Contains("when priority == High; only the first of them would be taken; make their guards exclusive, for example by adding 'priority != High' to the later one", d.GetMessage());
    }

    [Fact]
    public void Guards_over_booleans_and_duration_presence_are_decided_exactly()
    {
        // vip and not vip never overlap; autoClose set/absent likewise; only vip and autoClose together can.
        string disjoint = Replace(Replace(Machine, "when: priority == High", "when: vip and autoClose"), "when: priority != High", "when: not vip or not autoClose");
        string overlapping = Replace(Replace(Machine, "when: priority == High", "when: vip"), "when: priority != High", "when: autoClose");

        Assert.Empty(DiagnosticsOf(disjoint));
        Assert.Contains("when vip and autoClose;", Single(overlapping, "SDSL0040").GetMessage());
    }

    [Fact]
    public void A_transition_whose_guard_never_holds_is_SDSL0041_at_the_guard()
    {
        var d = Single(Replace(Machine, "when: priority != High", "when: priority != High and priority == High"), "SDSL0041");

        Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity);
        Assert.Equal((29, 11), Position(d));
        Assert.Equal("The transition at line 26 (Open --Assign--> Closed) can never be taken: its guard 'priority != High and priority == High' holds under no option values; correct or remove it", d.GetMessage());
    }

    [Fact]
    public void A_timer_guarded_on_its_own_duration_option_being_absent_is_SDSL0041()
    {
        var d = Single(Machine + "\n    when: not autoClose\n", "SDSL0041");

        Assert.Equal((38, 11), Position(d));
        Assert.Equal("Timer 'AutoClose' can never be taken: its guard 'not autoClose' holds only while 'autoClose' is absent, and the timer runs only while 'autoClose' is set; correct the guard or remove the timer", d.GetMessage());
    }

    [Fact]
    public void A_guard_that_holds_for_some_values_is_not_SDSL0041()
    {
        Assert.Empty(DiagnosticsOf(Machine + "\n    when: autoClose and (vip or priority != Low)\n"));
    }

    [Fact]
    public void A_transition_leaving_a_final_state_is_SDSL0042_at_the_state_in_from()
    {
        string yaml = Replace(Machine, "  - from: [Open, Active]", "  - from: Closed\n    on: Assign\n    to: Open\n  - from: [Open, Active]");

        var d = Assert.Single(DiagnosticsOf(yaml), x => x.Id == "SDSL0042");

        Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
        Assert.Equal((30, 11), Position(d));
        Assert.Equal("The transition on 'Assign' at line 30 leaves final state 'Closed' for 'Open'; nothing may leave a final state: remove the state 'Closed' from its 'from:', or drop 'final: true' from 'Closed'", d.GetMessage());
    }

    [Fact]
    public void A_timer_leaving_a_final_state_is_SDSL0042()
    {
        var d = Single(Machine + "\n  - name: Reopen\n    in: Closed\n    after: 1d\n    to: Open\n", "SDSL0042");

        Assert.Equal((39, 9), Position(d));
        Assert.StartsWith("Timer 'Reopen' leaves final state 'Closed' for 'Open'", d.GetMessage());
    }

    [Fact]
    public void A_final_state_that_stays_where_it_is_is_not_SDSL0042()
    {
        Assert.Empty(DiagnosticsOf(Replace(Machine, "  - from: [Open, Active]", "  - from: Closed\n    on: Close\n    to: Closed\n  - from: [Open, Active]")));
    }

    [Fact]
    public void A_state_nothing_leads_to_is_SDSL0043_at_its_name()
    {
        var d = Single(Replace(Machine, "  Closed: { final: true }\n", "  Closed: { final: true }\n  Archived: { final: true }\n"), "SDSL0043");

        Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity);
        Assert.Equal((18, 3), Position(d));
        Assert.Equal("State 'Archived' cannot be reached from the initial state Open under any option values; add a transition or timer into it, or remove it", d.GetMessage());
    }

    [Fact]
    public void A_state_reached_only_through_a_timer_whose_duration_option_the_guard_rules_out_is_SDSL0043()
    {
        // Active is reached only when priority == High; its only way to Parked is a timer guarded 'not autoClose' on autoClose.
        string yaml = Replace(Machine, "  Closed: { final: true }\n", "  Closed: { final: true }\n  Parked: { final: true }\n")
            + "\n  - name: Park\n    in: Active\n    after: autoClose\n    to: Parked\n    when: not autoClose\n";

        var diagnostics = DiagnosticsOf(yaml);

        Assert.Contains(diagnostics, d => d.Id == "SDSL0043" && d.GetMessage().StartsWith("State 'Parked'", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Id == "SDSL0041");
    }

    [Fact]
    public void A_state_reachable_under_some_options_only_is_not_SDSL0043()
    {
        // Active is reached only when priority == High.
        Assert.DoesNotContain(DiagnosticsOf(Machine), d => d.Id == "SDSL0043");
    }

    [Fact]
    public void A_state_with_no_way_to_a_final_state_is_SDSL0044_under_any_option_values()
    {
        string yaml = Replace(Replace(Machine, "  Closed: { final: true }\n", "  Closed: { final: true }\n  Parked: Put aside.\n"), "  Close: It is closed.\n", "  Close: It is closed.\n  Park: Put aside.\n")
            + "\n  - name: Park\n    in: Active\n    after: 1h\n    to: Parked\n";

        var d = Single(yaml, "SDSL0044");

        Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity);
        Assert.Equal((18, 3), Position(d));
        Assert.Equal("No final state (Closed) can be reached from state 'Parked' under any option values; add a transition or timer from it towards a final state, or mark it 'final: true'", d.GetMessage());
    }

    [Fact]
    public void A_state_trapped_under_some_options_is_SDSL0044_naming_them()
    {
        // Without Active --Close--> Closed, Active ends only through AutoClose, which runs only while autoClose is set.
        var d = Single(Replace(Machine, "from: [Open, Active]", "from: Open"), "SDSL0044");

        Assert.Equal((16, 3), Position(d));
        Assert.Equal("No final state (Closed) can be reached from state 'Active' when priority == High and not autoClose; add a transition or timer from it towards a final state, or mark it 'final: true'", d.GetMessage());
    }

    [Fact]
    public void A_state_without_a_timer_that_can_still_end_through_an_event_is_not_a_trap()
    {
        // Like Consent in the business-initiated lifecycles: no timer, but an event (here Close) still ends it.
        Assert.Empty(DiagnosticsOf(Replace(Machine, "    in: Active\n", "    in: Open\n")));
    }

    [Fact]
    public void A_lifecycle_without_final_states_is_not_checked_for_traps()
    {
        string yaml = Replace(Machine, "  Closed: { final: true }\n", "  Closed: Done.\n");

        Assert.Empty(DiagnosticsOf(yaml));
    }

    [Fact]
    public void Guards_over_too_many_combinations_are_SDSL0045_info_not_a_slow_build()
    {
        var flags = Enumerable.Range(1, 17).Select(i => $"f{i}").ToList();
        string options = string.Concat(flags.Select(f => $"  {f}:\n    type: bool\n"));
        string yaml = Replace(Replace(Machine, "options:\n", "options:\n" + options), "when: priority == High", "when: " + string.Join(" and ", flags));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var diagnostics = DiagnosticsOf(yaml);
        watch.Stop();

        var infos = diagnostics.Where(d => d.Id == "SDSL0045").ToList();
        Assert.True(infos.Count == 2, string.Join("\n", diagnostics));
        Assert.Equal(2, infos.Count);
        Assert.All(infos, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.Contains(infos, d => d.GetMessage().StartsWith("Lifecycle 'Ticket' is too large to check whether its guards overlap or can hold exactly", StringComparison.Ordinal));
        Assert.Contains(infos, d => d.GetMessage().Contains("mention 786432 combinations of option values, more than 4096", StringComparison.Ordinal));
        Assert.Equal((1, 12), Position(infos[0]));
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Options_with_few_combinations_are_not_SDSL0045()
    {
        Assert.DoesNotContain(DiagnosticsOf(Machine), d => d.Id == "SDSL0045");
    }

    [Fact]
    public void Shape_checks_wait_until_the_definition_has_no_errors()
    {
        // An unknown state is SDSL0010; the unreachable Active that follows from it is not reported on top.
        var diagnostics = DiagnosticsOf(Replace(Machine, "    to: Active\n", "    to: Actve\n"));

        Assert.Equal(new[] { "SDSL0010" }, diagnostics.Select(d => d.Id).ToArray());
    }

    [Theory]
    [InlineData("0h", "longer than zero")]
    [InlineData("-5m", "cannot be negative")]
    [InlineData("5 minutes", "is not a unit")]
    [InlineData("4000d", "longer than 3650 days")]
    public void A_bad_literal_timer_duration_is_SDSL0020_at_after(string duration, string reason)
    {
        var d = Single(Replace(Machine, "after: autoClose", "after: " + duration), "SDSL0020");

        Assert.Equal((36, 12), Position(d));
        Assert.Contains(reason, d.GetMessage());
    }

    [Theory]
    [InlineData("30h")]
    [InlineData("1h30m")]
    [InlineData("500ms")]
    public void A_literal_timer_duration_needs_no_range(string duration)
    {
        Assert.Empty(DiagnosticsOf(Replace(Machine, "after: autoClose", "after: " + duration)));
    }

    [Theory]
    [InlineData("1m", "outside the option's range 5m to 30m")]
    [InlineData("31m", "outside the option's range 5m to 30m")]
    public void A_duration_default_outside_the_declared_range_is_SDSL0020(string value, string reason)
    {
        var d = Single(Replace(Machine, "    optional: true\n", $"    optional: true\n    min: 5m\n    max: 30m\n    default: {value}\n"), "SDSL0020");

        Assert.Equal((16, 14), Position(d));
        Assert.Contains(reason, d.GetMessage());
    }

    [Fact]
    public void A_duration_range_given_backwards_is_SDSL0020()
    {
        var d = Single(Replace(Machine, "    optional: true\n", "    optional: true\n    min: 30m\n    max: 5m\n"), "SDSL0020");

        Assert.Contains("the minimum is larger than the maximum (5m)", d.GetMessage());
    }

    [Theory]
    [InlineData("5m")]
    [InlineData("30m")]
    [InlineData("12m30s")]
    public void A_duration_default_inside_the_declared_range_is_accepted(string value)
    {
        Assert.Empty(DiagnosticsOf(Replace(Machine, "    optional: true\n", $"    optional: true\n    min: 5m\n    max: 30m\n    default: {value}\n")));
    }

    [Theory]
    [InlineData("  vip:\n    type: bool\n", "  vip:\n    type: bool\n  vip:\n    type: bool\n", 11, 3, "Option 'vip' is declared more than once; the first declaration is at line 9")]
    [InlineData("  Close: It is closed.\n", "  Close: It is closed.\n  Assign: Again.\n", 21, 3, "Event 'Assign' is declared more than once; the first declaration is at line 19")]
    [InlineData("  Closed: { final: true }\n", "  Closed: { final: true }\n  Open: Again.\n", 18, 3, "State 'Open' is declared more than once; the first declaration is at line 15")]
    [InlineData("    to: Closed\n    when: priority != High\n", "    to: Closed\n    to: Active\n    when: priority != High\n", 29, 5, "Key 'to' is declared more than once; the first declaration is at line 28")]
    public void A_duplicate_option_event_state_or_key_is_SDSL0004_at_the_second(string find, string replacement, int line, int column, string message)
    {
        var d = Assert.Single(DiagnosticsOf(Replace(Machine, find, replacement)), x => x.Id == "SDSL0004");

        Assert.Equal((line, column), Position(d));
        Assert.Equal(message, d.GetMessage());
    }

    [Theory]
    [InlineData("    when: priority == High\n", "    wehn: priority == High\n", 25, 5, "Unknown key 'wehn' in transition #1; did you mean 'when'?")]
    [InlineData("    after: autoClose\n", "    aftr: autoClose\n", 36, 5, "Unknown key 'aftr' in timer #1; did you mean 'after'?")]
    [InlineData("    optional: true\n", "    optinal: true\n", 13, 5, "Unknown key 'optinal' in option 'autoClose'; did you mean 'optional'?")]
    public void A_misspelt_nested_key_is_SDSL0002_with_the_key_meant(string find, string replacement, int line, int column, string message)
    {
        var d = Assert.Single(DiagnosticsOf(Replace(Machine, find, replacement)), x => x.Id == "SDSL0002");

        Assert.Equal((line, column), Position(d));
        Assert.Equal(message, d.GetMessage());
    }

    [Fact]
    public void A_guard_of_thousands_of_operands_is_SDSL0021_not_a_stack_overflow()
    {
        string yaml = Replace(Machine, "when: priority == High", "when: " + string.Join(" and ", Enumerable.Repeat("vip", 100_000)));

        var d = Single(yaml, "SDSL0021");

        Assert.Equal(25, Position(d).Line);
        Assert.Contains("a guard has at most 256 names and operators", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_guard_of_256_tokens_is_still_read()
    {
        // 'priority == High and (' is 5 tokens, 124 vip joined by 123 'or' 247, 'or not vip)' 4: 256 in all.
        string yaml = Replace(Machine, "when: priority == High", "when: priority == High and (" + string.Join(" or ", Enumerable.Repeat("vip", 124)) + " or not vip)");

        Assert.Empty(DiagnosticsOf(yaml));
    }
}
