using Microsoft.CodeAnalysis;
using Xunit;
using static SessionDsl.Generator.Tests.DiagnosticAssertions;

namespace SessionDsl.Generator.Tests;

/// <summary>Malformed definitions are compiler diagnostics at the YAML file, line and column; never an exception.</summary>
public class DefinitionDiagnosticsTests
{
    private const string Valid = """
        lifecycle: Ticket
        namespace: Demo.Tickets
        statusType: TicketStatus
        eventType: TicketEvent
        options:
          priority:
            type: enum
            values: [Low, High]
          autoClose:
            type: duration
            min: 1h
            max: 10d
            optional: true
        states:
          Open: { initial: true, description: Waiting for an agent. }
          Active: Being worked on.
          Closed: { final: true }
        events:
          Assign: An agent takes the ticket.
          Close: The agent closes it.
        transitions:
          - from: Open
            on: Assign
            to: Active
            when: priority == High
            because: test
          - from: [Open, Active]
            on: Close
            to: Closed
            because: test
        timers:
          - name: AutoClose
            in: Active
            after: autoClose
            to: Closed
            because: test
        """;

    private static IReadOnlyList<Diagnostic> DiagnosticsOf(string yaml, string path = "ticket.lifecycle.yaml") =>
        GeneratorHarness.RunOn((path, yaml)).Diagnostics;

    private static Diagnostic Single(string yaml, string id)
    {
        var diagnostics = DiagnosticsOf(yaml);
        return Assert.Single(diagnostics, d => d.Id == id);
    }

    [Fact]
    public void The_valid_example_has_no_diagnostics_and_compiles()
    {
        var run = GeneratorHarness.RunOn(("ticket.lifecycle.yaml", Valid));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems.Select(d => d.ToString()));
    }

    [Fact]
    public void A_YAML_syntax_error_is_SDSL0001_at_its_line()
    {
        var d = Single(Valid.Replace("values: [Low, High]", "values: [Low, High"), "SDSL0001");

        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("ticket.lifecycle.yaml", d.Location.GetLineSpan().Path);
        Assert.InRange(Position(d).Line, 8, 10);
    }

    [Fact]
    public void An_unknown_key_is_SDSL0002_with_the_closest_known_key()
    {
        var d = Single(Valid.Replace("transitions:", "trasitions:"), "SDSL0002");

        Assert.Equal((21, 1), Position(d));
        Assert.Contains("'trasitions'", d.GetMessage());
        Assert.Contains("did you mean 'transitions'?", d.GetMessage());
    }

    [Fact]
    public void A_transition_to_an_unknown_state_is_SDSL0010_at_the_name_and_suggests_the_state_meant()
    {
        var d = Single(Valid.Replace("to: Active", "to: Actve"), "SDSL0010");

        Assert.Equal((24, 9), Position(d));
        Assert.Equal("'Actve' is not a state of lifecycle 'Ticket'; its states are: Open, Active, Closed (did you mean 'Active'?)", d.GetMessage());
        Assert.Equal("https://github.com/sessiondsl/sessiondsl/blob/main/docs/diagnostics/SDSL0010.md", d.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void A_transition_on_an_unknown_event_is_SDSL0011()
    {
        var d = Single(Valid.Replace("on: Assign", "on: Asign"), "SDSL0011");

        Assert.Equal((23, 9), Position(d));
        Assert.Contains("did you mean 'Assign'?", d.GetMessage());
    }

    [Fact]
    public void A_lifecycle_without_an_initial_state_is_SDSL0013_at_its_name()
    {
        var d = Single(Valid.Replace("{ initial: true, description: Waiting for an agent. }", "Waiting for an agent."), "SDSL0013");

        Assert.Equal((1, 12), Position(d));
        Assert.Contains("Ticket", d.GetMessage());
    }

    [Fact]
    public void A_guard_naming_an_unknown_option_is_SDSL0012_at_the_option_in_the_guard()
    {
        var d = Single(Valid.Replace("when: priority == High", "when: priorty == High"), "SDSL0012");

        Assert.Equal((25, 11), Position(d));
        Assert.Contains("did you mean 'priority'?", d.GetMessage());
    }

    [Fact]
    public void A_guard_comparing_with_a_value_the_option_lacks_is_SDSL0015()
    {
        var d = Single(Valid.Replace("when: priority == High", "when: priority == Urgent"), "SDSL0015");

        Assert.Equal((25, 23), Position(d));
        Assert.Contains("Low, High", d.GetMessage());
    }

    [Fact]
    public void A_guard_that_does_not_parse_is_SDSL0021_at_the_offending_token()
    {
        var d = Single(Valid.Replace("when: priority == High", "when: priority == High and"), "SDSL0021");

        Assert.Equal(25, Position(d).Line);
        Assert.Contains("option name was expected", d.GetMessage());
    }

    [Theory]
    [InlineData("30x", "is not a unit")]
    [InlineData("-5m", "cannot be negative")]
    [InlineData("0h", "longer than zero")]
    [InlineData("h", "expected a number")]
    public void A_bad_duration_is_SDSL0020(string duration, string reason)
    {
        var d = Single(Valid.Replace("max: 10d", "max: " + duration), "SDSL0020");

        Assert.Equal((12, 10), Position(d));
        Assert.Contains(reason, d.GetMessage());
    }

    [Fact]
    public void A_duplicate_state_is_SDSL0004_at_the_second_one()
    {
        var d = Single(Valid.Replace("  Active: Being worked on.", "  Active: Being worked on.\n  Active: Again."), "SDSL0004");

        Assert.Equal((17, 3), Position(d));
        Assert.Contains("line 16", d.GetMessage());
    }

    [Fact]
    public void A_value_of_the_wrong_shape_is_SDSL0003()
    {
        var d = Single(Valid.Replace("  Active: Being worked on.", "  Active: [Being, worked, on]"), "SDSL0003");

        Assert.Equal(16, Position(d).Line);
    }

    [Fact]
    public void A_missing_required_key_is_SDSL0005()
    {
        var d = Single(Valid.Replace("namespace: Demo.Tickets\n", string.Empty), "SDSL0005");

        Assert.Equal("the lifecycle definition needs the key 'namespace:'", d.GetMessage());
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void An_empty_definition_is_reported_not_silently_ignored(string text)
    {
        var d = Single(text, "SDSL0005");

        Assert.Contains("'lifecycle:'", d.GetMessage());
    }

    [Fact]
    public void An_empty_states_section_is_read_as_no_states_and_so_SDSL0013()
    {
        // docs/diagnostics/SDSL0005.md: an empty 'states:' or 'events:' is accepted, and no states means no initial state.
        string yaml = Valid.Substring(0, Valid.IndexOf("states:", StringComparison.Ordinal)) + "states:\nevents:\n  Assign: x\n";

        var diagnostics = DiagnosticsOf(yaml);

        Assert.Contains(diagnostics, d => d.Id == "SDSL0013" && d.GetMessage().Contains("it declares no states", StringComparison.Ordinal));
        Assert.DoesNotContain(diagnostics, d => d.Id == "SDSL0003");
    }

    [Fact]
    public void An_option_named_like_a_guard_operator_is_SDSL0006()
    {
        var d = Single(Valid.Replace("  priority:\n", "  or:\n").Replace("priority == High", "or == High"), "SDSL0006");

        Assert.Contains("'or'", d.GetMessage());
    }

    [Fact]
    public void A_duration_option_with_neither_default_nor_optional_is_SDSL0005()
    {
        var d = Single(Valid.Replace("    optional: true\n", string.Empty), "SDSL0005");

        Assert.Equal("Duration option 'autoClose', unless marked 'optional: true', needs the key 'default:'", d.GetMessage());
    }

    [Fact]
    public void A_lifecycle_named_like_one_of_its_option_types_is_SDSL0032_not_a_failed_generator()
    {
        var run = GeneratorHarness.RunOn(("ticket.lifecycle.yaml", Valid.Replace("lifecycle: Ticket", "lifecycle: Priority")));

        var d = Assert.Single(run.Diagnostics, x => x.Id == "SDSL0032");
        Assert.Equal("'Priority' in namespace 'Demo.Tickets' would name both a lifecycle and an option's enum type in 'Priority'; rename one of them", d.GetMessage());
        Assert.Empty(run.GeneratorDiagnostics.Where(x => x.Id == "CS8785"));
    }

    [Fact]
    public void A_status_type_named_like_an_option_type_is_SDSL0032()
    {
        var d = Single(Valid.Replace("statusType: TicketStatus", "statusType: Priority"), "SDSL0032");

        Assert.Contains("the status type of 'Ticket'", d.GetMessage());
    }

    [Theory]
    [InlineData("lifecycle: Ticket", "lifecycle: ticket")]
    [InlineData("statusType: TicketStatus", "statusType: record")]
    public void An_all_lower_case_type_name_is_SDSL0006_because_CSharp_warns_about_it(string from, string to)
    {
        var d = Single(Valid.Replace(from, to), "SDSL0006");

        Assert.Contains("capital letter", d.GetMessage());
    }

    [Fact]
    public void An_unknown_option_value_suggests_the_value_meant()
    {
        var d = Single(Valid.Replace("when: priority == High", "when: priority == Hihg"), "SDSL0015");

        Assert.Contains("did you mean 'High'?", d.GetMessage());
    }

    [Fact]
    public void YAML_aliases_are_refused_so_an_alias_bomb_cannot_hang_the_build()
    {
        const string bomb = """
            lifecycle: Bomb
            a: &a [x, x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
            """;
        var d = Single(bomb, "SDSL0007");

        Assert.Equal((2, 4), Position(d));
    }

    [Fact]
    public void Ten_thousand_levels_of_nesting_are_one_diagnostic_not_a_stack_overflow()
    {
        string deep = "lifecycle: Deep\nstates: " + new string('[', 10_000) + new string(']', 10_000) + "\n";

        var d = Single(deep, "SDSL0007");

        Assert.Contains("deeper than 32", d.GetMessage());
    }

    [Fact]
    public void Binary_junk_is_a_diagnostic()
    {
        var random = new Random(7);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        string junk = System.Text.Encoding.Latin1.GetString(bytes);

        var diagnostics = DiagnosticsOf(junk);

        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.StartsWith("SDSL", d.Id));
    }

    [Fact]
    public void A_file_over_one_megabyte_is_refused_with_a_diagnostic()
    {
        string huge = Valid + "\n# " + new string('x', 1_100_000) + "\n";

        var d = Single(huge, "SDSL0007");

        Assert.Contains("1,048,576", d.GetMessage());
    }

    [Fact]
    public void Lifecycles_that_share_a_status_type_but_list_different_members_are_SDSL0030()
    {
        string a = Valid.Replace("statusType: TicketStatus", "statusType: { name: TicketStatus, members: [Open, Active, Closed] }");
        string b = a.Replace("lifecycle: Ticket", "lifecycle: OtherTicket")
            .Replace("members: [Open, Active, Closed]", "members: [Open, Active, Closed, Archived]");

        var diagnostics = GeneratorHarness.RunOn(("a.lifecycle.yaml", a), ("b.lifecycle.yaml", b)).Diagnostics;

        // Lifecycles are compared in name order, so the report lands on 'Ticket', the second by name.
        var d = Assert.Single(diagnostics, x => x.Id == "SDSL0030");
        Assert.Equal(
            "'TicketStatus' has members [Open, Active, Closed] in lifecycle 'Ticket' but [Open, Active, Closed, Archived] in lifecycle 'OtherTicket'; lifecycles that share a type must list the same members in the same order",
            d.GetMessage());
        Assert.Equal("a.lifecycle.yaml", d.Location.GetLineSpan().Path);
    }

    [Fact]
    public void A_definition_with_errors_generates_no_code_for_itself_and_leaves_others_alone()
    {
        string broken = Valid.Replace("lifecycle: Ticket", "lifecycle: Broken").Replace("to: Active", "to: Nowhere");
        var run = GeneratorHarness.RunOn(("ok.lifecycle.yaml", Valid), ("broken.lifecycle.yaml", broken));

        Assert.Contains(run.Diagnostics, d => d.Id == "SDSL0010");
        Assert.Contains(run.Sources, s => s.HintName == "Demo.Tickets.Ticket.g.cs");
        Assert.DoesNotContain(run.Sources, s => s.HintName == "Demo.Tickets.Broken.g.cs");
    }

    [Fact]
    public void Every_catalogue_entry_has_its_descriptor()
    {
        Assert.Equal(SessionDsl.Language.Diagnostics.DiagnosticCatalog.All.Select(k => k.Id), Diagnostics.DiagnosticDescriptors.All.Select(d => d.Id));
        foreach (var kind in SessionDsl.Language.Diagnostics.DiagnosticCatalog.All)
        {
            var descriptor = Diagnostics.DiagnosticDescriptors.Get(kind.Id);
            Assert.Equal(kind.Title, descriptor.Title.ToString());
            Assert.Equal(kind.MessageFormat, descriptor.MessageFormat.ToString());
            Assert.Equal(kind.Severity.ToString(), descriptor.DefaultSeverity.ToString());
            Assert.Equal(SessionDsl.Language.Diagnostics.DiagnosticCatalog.DefinitionCategory, descriptor.Category);
        }
    }
}
