using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Xunit;
using static SessionDsl.Generator.Tests.DiagnosticAssertions;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// The definitions a fresh consumer found that the checks accepted but whose generated C# did not compile (or that
/// crashed the generator): each now either compiles without a warning under nullable and warnings-as-errors, or is
/// refused with a located SDSL diagnostic and the rest of the project still generates.
/// </summary>
public class AcceptedDefinitionsCompileTests
{
    private const string Machine = DefinitionAnalysisTests.Machine;

    private static GeneratorHarness.Run Run(params (string Path, string Text)[] files) => GeneratorHarness.RunOn(files);

    private static void AssertCompilesClean(GeneratorHarness.Run run)
    {
        Assert.Empty(run.Diagnostics.Select(d => d.ToString()));
        Assert.Empty(run.GeneratorDiagnostics.Select(d => d.ToString()));
        Assert.NotEmpty(run.Sources);
        Assert.Empty(run.CompilationProblems.Select(d => d.ToString()));
    }

    private static Diagnostic Reported(GeneratorHarness.Run run, string id)
    {
        var found = run.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(found.Count == 1, $"expected one {id}; got:\n{string.Join("\n", run.Diagnostics)}");
        Assert.Empty(run.Diagnostics.Where(d => d.Id == "SDSL0000").Select(d => d.ToString()));
        Assert.Empty(run.CompilationProblems.Select(d => d.ToString()));
        return found[0];
    }

    private static (int Line, int Column) Where(Diagnostic d)
    {
        var start = d.Location.GetLineSpan().StartLinePosition;
        return (start.Line + 1, start.Character + 1);
    }

    [Fact]
    public void Two_optional_duration_options_with_bounds_compile()
    {
        string yaml = Replace(
            Machine,
            "  autoClose:\n    type: duration\n    optional: true\n",
            "  autoClose:\n    type: duration\n    optional: true\n"
            + "  firstTimeout:\n    type: duration\n    min: 1m\n    max: 1h\n    optional: true\n"
            + "  secondTimeout:\n    type: duration\n    min: 1m\n    max: 1h\n    optional: true\n");

        AssertCompilesClean(Run(("ticket.lifecycle.yaml", yaml)));
    }

    [Theory]
    [InlineData("Options")]
    [InlineData("Name")]
    [InlineData("Description")]
    [InlineData("Advance")]
    public void A_lifecycle_named_like_a_member_of_its_struct_is_refused_at_its_name(string name)
    {
        var run = Run(("ticket.lifecycle.yaml", Replace(Machine, "lifecycle: Ticket", $"lifecycle: {name}")));

        Diagnostic d = Reported(run, "SDSL0035");
        Assert.Equal((1, 12), Where(d));
        Assert.Contains($"Lifecycle '{name}'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Default")]
    [InlineData("Validate")]
    [InlineData("EqualityContract")]
    public void An_option_named_like_a_member_of_Options_is_refused_at_the_option(string name)
    {
        var run = Run(("ticket.lifecycle.yaml", Replace(Machine, "  vip:\n", $"  {name}:\n")));

        Diagnostic d = Reported(run, "SDSL0035");
        Assert.Equal((9, 3), Where(d));
    }

    [Fact]
    public void Two_options_that_become_one_property_are_refused_at_the_second()
    {
        var run = Run(("ticket.lifecycle.yaml", Replace(Machine, "  vip:\n    type: bool\n", "  vip:\n    type: bool\n  Vip:\n    type: bool\n")));

        Diagnostic d = Reported(run, "SDSL0035");
        Assert.Equal((11, 3), Where(d));
        Assert.Contains("option 'vip'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lifecycles_and_enums_whose_names_are_ordinary_csharp_or_runtime_words_elsewhere_compile()
    {
        // The runtime's names only clash in the runtime's own namespaces; elsewhere the generated code writes every
        // runtime type in full, so a status type called TransitionOutcome hides nothing.
        string yaml = Replace(
            Replace(Replace(Machine, "statusType: TicketStatus", "statusType: TransitionOutcome"), "eventType: TicketEvent", "eventType: TimerKind"),
            "lifecycle: Ticket",
            "lifecycle: SessionState");

        AssertCompilesClean(Run(("ticket.lifecycle.yaml", yaml)));
    }

    [Theory]
    [InlineData("statusType: TicketStatus", "statusType: TransitionOutcome", 3, 13)]
    [InlineData("eventType: TicketEvent", "eventType: TimerKind", 4, 12)]
    [InlineData("lifecycle: Ticket", "lifecycle: SessionState", 1, 12)]
    public void In_the_runtimes_namespace_a_type_named_like_a_runtime_type_is_refused(string find, string replacement, int line, int column)
    {
        string yaml = Replace(Replace(Machine, "namespace: Demo.Tickets", "namespace: SessionDsl"), find, replacement);

        Diagnostic d = Reported(Run(("ticket.lifecycle.yaml", yaml)), "SDSL0032");
        Assert.Equal((line, column), Where(d));
        Assert.Contains("the runtime's 'SessionDsl.", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_runtimes_namespace_is_usable_for_names_the_runtime_does_not_have()
    {
        AssertCompilesClean(Run(("ticket.lifecycle.yaml", Replace(Machine, "namespace: Demo.Tickets", "namespace: SessionDsl"))));
    }

    [Fact]
    public void Two_lifecycles_whose_names_differ_only_in_case_are_refused_and_the_first_still_generates()
    {
        // The later in ordinal order is refused ('TICKET' sorts before 'Ticket'), whatever the order of the files.
        var run = Run(
            ("a.lifecycle.yaml", Machine),
            ("b.lifecycle.yaml", Replace(Machine, "lifecycle: Ticket", "lifecycle: TICKET")));

        Diagnostic d = Reported(run, "SDSL0032");
        Assert.Equal("a.lifecycle.yaml", d.Location.GetLineSpan().Path);
        Assert.Equal((1, 12), Where(d));
        Assert.Contains(run.Sources, s => s.HintName == "Demo.Tickets.TICKET.g.cs");
        Assert.DoesNotContain(run.Sources, s => s.HintName.Equals("Demo.Tickets.Ticket.g.cs", StringComparison.Ordinal));
        Assert.DoesNotContain(run.GeneratorDiagnostics, x => x.Id is "CS8785" or "SDSL0000");
    }

    [Fact]
    public void Two_enums_whose_names_differ_only_in_case_are_refused()
    {
        var run = Run(
            ("a.lifecycle.yaml", Machine),
            ("b.lifecycle.yaml", Replace(Replace(Machine, "lifecycle: Ticket", "lifecycle: Other"), "statusType: TicketStatus", "statusType: TICKETSTATUS")));

        Diagnostic d = Reported(run, "SDSL0032");
        Assert.Equal((3, 13), Where(d));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(9)]
    public void More_than_six_option_tests_and_a_bare_duration_guard_compile_without_a_warning(int flags)
    {
        // Past six tests the guards are evaluated in code rather than folded into the table; a duration option with a
        // default (never absent) made a guard that always holds, once emitted as 'if (true)' (CS0162).
        string yaml = Replace(
            Replace(Machine, "options:\n", "options:\n  grace:\n    type: duration\n    default: 1h\n"
                + string.Concat(Enumerable.Range(1, flags).Select(i => $"  f{i}:\n    type: bool\n"))),
            "when: priority == High",
            "when: grace and priority == High and " + string.Join(" and ", Enumerable.Range(1, flags).Select(i => $"f{i}")));

        var run = Run(("ticket.lifecycle.yaml", yaml));

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.NotEmpty(run.Sources);
        Assert.Empty(run.CompilationProblems.Select(d => d.ToString()));
        Assert.DoesNotContain("if (true)", run.Source("Demo.Tickets.Ticket.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    on: Assign\n    to: Active\n", "    on: Assign\n\tto: Active\n", 24, 1)]
    [InlineData("    on: Assign\n    to: Active\n", "    on: Assign\n  \tto: Active\n", 24, 3)]
    [InlineData("  Open: { initial: true }\n", "\tOpen: { initial: true }\n", 15, 1)]
    [InlineData("lifecycle: Ticket\n", "lifecycle: Ticket\n\t\n", 2, 1)]
    public void A_tab_in_indentation_is_reported_at_the_tab(string find, string replacement, int line, int column)
    {
        var run = Run(("ticket.lifecycle.yaml", Replace(Machine, find, replacement)));

        Diagnostic d = run.Diagnostics.Single(x => x.Id == "SDSL0001");
        Assert.Equal((line, column), Where(d));
        Assert.Contains("tab", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_thousand_by_a_thousand_definition_is_refused_quickly_at_its_name()
    {
        string yaml = Wide(1000, 1000);

        var run = Run(("wide.lifecycle.yaml", yaml));

        Diagnostic d = Reported(run, "SDSL0025");
        Assert.Equal((1, 12), Where(d));
        Assert.Contains("1,024,000 cells", d.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Sources, s => s.HintName.EndsWith("Wide.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void The_largest_table_accepted_generates_and_compiles()
    {
        // 256 statuses by 256 events: exactly the limit of 65,536 cells.
        var run = Run(("wide.lifecycle.yaml", Wide(256, 256)));

        AssertCompilesClean(run);
    }

    [Theory]
    [InlineData("  - name: Remind\n    in: Open\n    after: 1s\n    to: Open\n")]
    [InlineData("  - name: Ping\n    in: Open\n    after: 1s\n    to: Active\n  - name: Pong\n    in: Active\n    after: 1s\n    to: Open\n")]
    public void Timers_that_loop_with_no_event_between_them_are_refused(string timers)
    {
        var run = Run(("ticket.lifecycle.yaml", Machine + "\n" + timers));

        Diagnostic d = Reported(run, "SDSL0046");
        Assert.Equal(38, Where(d).Line + (timers.Contains("Pong", StringComparison.Ordinal) ? -4 : 0));
    }

    [Theory]
    [InlineData("  Active: Being worked on.\n", "  value__: Being worked on.\n", 16, 3)]
    [InlineData("  Close: It is closed.\n", "  value__: It is closed.\n", 20, 3)]
    [InlineData("values: [Low, Normal, High]", "values: [Low, value__, High]", 6, 3)]
    public void An_enum_member_named_value__which_CSharp_reserves_is_refused(string find, string replacement, int line, int column)
    {
        var run = Run(("ticket.lifecycle.yaml", Replace(Machine, find, replacement)));

        var d = run.Diagnostics.Where(x => x.Id == "SDSL0035").ToList();
        Assert.NotEmpty(d);
        Assert.Equal((line, column), Where(d[0]));
        Assert.Contains("CS0076", d[0].GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems.Select(x => x.ToString()));
    }

    [Theory]
    [InlineData("we&ird <name>.lifecycle.yaml")]
    [InlineData("two\nlines.lifecycle.yaml")]
    [InlineData("tab\tand \u2028 separator.lifecycle.yaml")]
    public void A_file_name_that_XML_or_a_line_comment_cannot_hold_as_it_is_still_compiles(string path)
    {
        var run = Run((path, Machine));

        AssertCompilesClean(run);
        Assert.Contains(CodeTextLiteral(path), run.Source("Demo.Tickets.Ticket.g.cs"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\ud800")]
    [InlineData("\udc00 then text")]
    [InlineData("\uffff")]
    [InlineData("<see cref=\"X\"/> & </summary>")]
    public void Descriptions_with_text_XML_cannot_hold_compile_and_keep_their_text(string text)
    {
        string yaml = Replace(Replace(Machine, "Active: Being worked on.", $"Active: \"{EscapeYaml(text)}\""), "  - from: [Open, Active]\n", $"  - because: \"{EscapeYaml(text)}\"\n    from: [Open, Active]\n");

        var run = Run(("ticket.lifecycle.yaml", yaml));

        AssertCompilesClean(run);
        Assert.Contains(CodeTextLiteral(text), run.Source("Demo.Tickets.Ticket.g.cs"), StringComparison.Ordinal);
    }

    /// <summary>YAML double-quoted escapes for quotes and backslashes; everything else goes in as it is, lone surrogates included.</summary>
    private static string EscapeYaml(string text) => string.Concat(text.Select(c => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        _ => c.ToString(),
    }));

    /// <summary>How the generated code writes a string as a C# literal (the emitter's own escaping).</summary>
    private static string CodeTextLiteral(string value) => Emission.CodeText.Literal(value);

    [Fact]
    public void An_empty_events_key_is_a_lifecycle_driven_by_timers_alone()
    {
        const string yaml = "lifecycle: Timed\nnamespace: Demo.Timed\nstatusType: TimedStatus\neventType: TimedEvent\nstates:\n  Open: { initial: true }\n  Closed: { final: true }\nevents:\ntimers:\n  - { name: Expire, in: Open, after: 1d, to: Closed }\n";

        AssertCompilesClean(Run(("timed.lifecycle.yaml", yaml)));
    }

    [Fact]
    public void A_duration_option_without_a_max_is_capped_so_a_huge_value_throws_where_it_is_set()
    {
        var run = Run(("ticket.lifecycle.yaml", Machine));
        AssertCompilesClean(run);
        Type options = Load(run).GetType("Demo.Tickets.Ticket+Options", throwOnError: true)!;
        PropertyInfo autoClose = options.GetProperty("AutoClose")!;
        object value = Activator.CreateInstance(options)!;

        autoClose.SetValue(value, (TimeSpan?)TimeSpan.FromDays(3650));
        var error = Assert.Throws<TargetInvocationException>(() => autoClose.SetValue(value, (TimeSpan?)TimeSpan.MaxValue));

        var outOfRange = Assert.IsType<ArgumentOutOfRangeException>(error.InnerException);
        Assert.Equal("AutoClose", outOfRange.ParamName);
        Assert.Contains("3650", outOfRange.Message, StringComparison.Ordinal);
    }

    private static string Wide(int statuses, int events) =>
        $"lifecycle: Wide\nnamespace: Demo.Wide\nstatusType: {{ name: WideStatus, members: [{string.Join(", ", Enumerable.Range(0, statuses).Select(i => $"S{i}"))}] }}\n"
        + $"eventType: {{ name: WideEvent, members: [{string.Join(", ", Enumerable.Range(0, events).Select(i => $"E{i}"))}] }}\n"
        + "states:\n  S0: { initial: true }\n  S1: { final: true }\nevents:\n  E0: Go.\ntransitions:\n  - from: S0\n    on: E0\n    to: S1\n";

    private static Assembly Load(GeneratorHarness.Run run)
    {
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        return new AssemblyLoadContext("generated", isCollectible: true).LoadFromStream(image);
    }
}

/// <summary>
/// The lists the name checks rely on are the truth: every member a compiled lifecycle declares is in
/// <see cref="SessionDsl.Language.Model.OptionMembers"/>, and every public type of the runtime in
/// <see cref="SessionDsl.Language.Model.RuntimeNames"/>, so a member added to the emitter or the runtime cannot slip past SDSL0035 or SDSL0032.
/// </summary>
public class GeneratedNameListTests
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

    private static IEnumerable<string> NamesDeclaredBy(Type type) =>
        type.GetMembers(Declared)
            .Select(m => m.Name)
            .Where(n => n.All(c => char.IsLetterOrDigit(c) || c == '_') && !n.StartsWith("op_", StringComparison.Ordinal)
                && !n.StartsWith("get_", StringComparison.Ordinal) && !n.StartsWith("set_", StringComparison.Ordinal))
            .Distinct();

    [Fact]
    public void Every_member_of_a_compiled_lifecycle_and_its_Options_is_listed()
    {
        // The shipped four, and a ticket whose guards hold more option tests than the table folds (guards in code)
        // and that has a countdown and optional durations with bounds: between them, every kind of member emitted.
        string ticket = DiagnosticAssertions.Replace(
            DiagnosticAssertions.Replace(DefinitionAnalysisTests.Machine, "options:\n", "options:\n  grace:\n    type: duration\n    min: 1m\n    max: 1h\n    optional: true\n"
                + string.Concat(Enumerable.Range(1, 8).Select(i => $"  f{i}:\n    type: bool\n"))),
            "when: priority == High",
            "when: grace and priority == High and " + string.Join(" and ", Enumerable.Range(1, 8).Select(i => $"f{i}")))
            + "\n  - name: Nudge\n    in: Active\n    countdown: { start: [Assign] }\n    after: 1h\n    to: Closed\n";
        var run = GeneratorHarness.RunOn(GeneratorHarness.ShippedDefinitions().Append(("ticket.lifecycle.yaml", ticket)).ToArray());
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        using var image = new MemoryStream();
        Assert.True(run.Output.Emit(image).Success);
        var context = new AssemblyLoadContext("names", isCollectible: true);
        try
        {
            image.Position = 0;
            Assembly assembly = context.LoadFromStream(image);
            var lifecycles = assembly.GetTypes().Where(t => t.IsValueType && t.GetNestedType("Options", BindingFlags.Public) is not null).ToList();
            Assert.Equal(5, lifecycles.Count);
            foreach (Type lifecycle in lifecycles)
            {
                Assert.Empty(NamesDeclaredBy(lifecycle).Concat(lifecycle.GetNestedTypes(Declared).Select(t => t.Name))
                    .Except(Language.Model.OptionMembers.LifecycleMembers));

                Type options = lifecycle.GetNestedType("Options")!;
                var optionNames = options.GetProperties(Declared).Select(p => p.Name)
                    .Where(p => !Language.Model.OptionMembers.OptionsMembers.Contains(p))
                    .SelectMany(p => new[] { p, Language.Model.OptionMembers.Field(p), Language.Model.OptionMembers.Check(p) });
                Assert.Empty(NamesDeclaredBy(options).Except(Language.Model.OptionMembers.OptionsMembers).Except(optionNames));
            }
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Every_public_type_and_namespace_of_the_runtime_is_listed()
    {
        var actual = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Add(string ns, string name)
        {
            if (!actual.TryGetValue(ns, out var names))
            {
                actual[ns] = names = new SortedSet<string>(StringComparer.Ordinal);
            }

            names.Add(name);
        }

        foreach (Type type in typeof(SessionState<>).Assembly.GetExportedTypes().Where(t => !t.IsNested))
        {
            string ns = type.Namespace!;
            int tick = type.Name.IndexOf('`', StringComparison.Ordinal);
            Add(ns, tick < 0 ? type.Name : type.Name.Substring(0, tick));
            for (int dot = ns.LastIndexOf('.'); dot > 0; ns = ns.Substring(0, dot), dot = ns.LastIndexOf('.'))
            {
                Add(ns.Substring(0, dot), ns.Substring(dot + 1));
            }
        }

        Assert.Equal(
            actual.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {string.Join(", ", p.Value)}"),
            Language.Model.RuntimeNames.ByNamespace.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {string.Join(", ", p.Value.Order(StringComparer.Ordinal))}"));
    }
}
