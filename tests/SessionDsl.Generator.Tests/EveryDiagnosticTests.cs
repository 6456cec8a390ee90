using Microsoft.CodeAnalysis;
using SessionDsl.Language.Diagnostics;
using Xunit;
using static SessionDsl.Generator.Tests.DiagnosticAssertions;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// One definition that triggers each diagnostic and its fix that does not, for every ID in the catalogue: the
/// positive case is reported at its line and column with the catalogue's severity and help link, and the fix is
/// clean. SDSL0000 is the exception: no input may trigger it (it means a bug in SessionDsl), which the fuzz test checks.
/// </summary>
public class EveryDiagnosticTests
{
    private const string Machine = DefinitionAnalysisTests.Machine;

    private static readonly string Path = "ticket.lifecycle.yaml";

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (string id in Cases().Keys)
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void Every_catalogue_entry_but_the_internal_error_has_a_case()
    {
        var missing = DiagnosticCatalog.All.Select(k => k.Id).Where(id => id != "SDSL0000" && !Cases().ContainsKey(id));

        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_broken_definition_is_reported_where_it_is_wrong(string id)
    {
        Case c = Cases()[id];

        var diagnostics = GeneratorHarness.RunOn(c.Broken).Diagnostics;

        var d = diagnostics.FirstOrDefault(x => x.Id == id);
        Assert.True(d is not null, $"{id} was not reported; got:\n{string.Join("\n", diagnostics)}");
        Assert.Equal(DiagnosticCatalog.Get(id).Severity.ToString(), d!.DefaultSeverity.ToString());
        Assert.Equal($"https://github.com/sessiondsl/sessiondsl/blob/main/docs/diagnostics/{id}.md", d.Descriptor.HelpLinkUri);
        Assert.Equal(c.File, d.Location.GetLineSpan().Path);
        if (c.Line is { } line)
        {
            var start = d.Location.GetLineSpan().StartLinePosition;
            Assert.Equal((line, c.Column), (start.Line + 1, start.Character + 1));
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_fixed_definition_is_clean(string id)
    {
        var diagnostics = GeneratorHarness.RunOn(Cases()[id].Fixed).Diagnostics;

        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    private sealed record Case((string Path, string Text)[] Broken, (string Path, string Text)[] Fixed, int? Line, int Column = 0, string File = "ticket.lifecycle.yaml");

    private static Case One(string broken, string fixedText, int? line, int column = 0) => new(new[] { (Path, broken) }, new[] { (Path, fixedText) }, line, column);

    private static string Countdowns(int count) => Machine + "\n" + string.Concat(Enumerable.Range(1, count).Select(i =>
        $"  - name: C{i}\n    in: Active\n    countdown: {{ start: [Assign] }}\n    after: 1h\n    to: Closed\n"));

    private static string Members(int count) => Replace(Machine, "statusType: TicketStatus", "statusType: { name: TicketStatus, members: [Open, Active, Closed, "
        + string.Join(", ", Enumerable.Range(0, count - 3).Select(i => $"M{i}")) + "] }");

    private static string Flags(int count) => Replace(
        Replace(Machine, "options:\n", "options:\n" + string.Concat(Enumerable.Range(1, count).Select(i => $"  f{i}:\n    type: bool\n"))),
        "when: priority == High",
        "when: priority == High and " + string.Join(" and ", Enumerable.Range(1, count).Select(i => $"f{i}")));

    private static string Wide(int statuses, int events) => Replace(Members(statuses), "eventType: TicketEvent", "eventType: { name: TicketEvent, members: [Assign, Close, "
        + string.Join(", ", Enumerable.Range(0, events - 2).Select(i => $"E{i}")) + "] }");

    private static string SharedStatus(string members) => Replace(Machine, "statusType: TicketStatus", $"statusType: {{ name: TicketStatus, members: [{members}] }}");

    private static Dictionary<string, Case> Cases() => new(StringComparer.Ordinal)
    {
        ["SDSL0001"] = One(Replace(Machine, "values: [Low, Normal, High]", "values: [Low, Normal, High"), Machine, null),
        ["SDSL0002"] = One(Replace(Machine, "    type: bool\n", "    type: bool\n    defualt: true\n"), Replace(Machine, "    type: bool\n", "    type: bool\n    default: true\n"), 11, 5),
        ["SDSL0003"] = One(Replace(Machine, "Active: Being worked on.", "Active: [Being, worked, on]"), Machine, 16, 11),
        ["SDSL0004"] = One(Replace(Machine, "  Close: It is closed.\n", "  Close: It is closed.\n  Close: Again.\n"), Replace(Machine, "  Close: It is closed.\n", "  Close: It is closed.\n  Reopen: Again.\n"), 21, 3),
        ["SDSL0005"] = One(Replace(Machine, "    after: autoClose\n    to: Closed", "    after: autoClose"), Machine, 34, 5),
        ["SDSL0006"] = One(Replace(Machine, "name: AutoClose", "name: Auto-Close"), Machine, 34, 11),
        ["SDSL0007"] = One(Replace(Machine, "values: [Low, Normal, High]", "values: &v [Low, Normal, High]"), Machine, 8, 13),
        ["SDSL0010"] = One(Replace(Machine, "    to: Active\n", "    to: Actve\n"), Machine, 24, 9),
        ["SDSL0011"] = One(Replace(Machine, "    on: Close\n", "    on: Closs\n"), Machine, 31, 9),
        ["SDSL0012"] = One(Replace(Machine, "when: priority == High", "when: prio == High"), Machine, 25, 11),
        ["SDSL0013"] = One(Replace(Machine, "Open: { initial: true }", "Open: Waiting."), Machine, 1, 12),
        ["SDSL0014"] = One(SharedStatus("Open, Active"), SharedStatus("Open, Active, Closed"), 17, 3),
        ["SDSL0015"] = One(Replace(Machine, "when: priority == High", "when: priority == Urgent"), Machine, 25, 23),
        ["SDSL0016"] = One(Replace(Machine, "when: priority == High", "when: priority"), Machine, 25, 11),
        ["SDSL0020"] = One(Replace(Machine, "after: autoClose", "after: 0h"), Replace(Machine, "after: autoClose", "after: 30h"), 36, 12),
        ["SDSL0021"] = One(Replace(Machine, "when: priority == High", "when: priority == High and"), Machine, null),
        ["SDSL0022"] = One(Countdowns(5), Countdowns(4), 58, 5),
        ["SDSL0023"] = One(Members(4095), Members(4094), 3, 21),
        ["SDSL0024"] = One(
            Machine + "\nrules:\n  - name: OnlyClosedTickets\n    deleteOnlyIn: Closed\n    mergeRepeatedIn: Closed\n",
            Machine + "\nrules:\n  - name: OnlyClosedTickets\n    deleteOnlyIn: Closed\n",
            41,
            5),
        ["SDSL0025"] = One(Wide(300, 300), Wide(60, 300), 1, 12),
        ["SDSL0030"] = new(
            new[] { ("a.lifecycle.yaml", SharedStatus("Open, Active, Closed")), ("b.lifecycle.yaml", Replace(SharedStatus("Open, Active, Closed, Archived"), "lifecycle: Ticket", "lifecycle: OtherTicket")) },
            new[] { ("a.lifecycle.yaml", SharedStatus("Open, Active, Closed, Archived")), ("b.lifecycle.yaml", Replace(SharedStatus("Open, Active, Closed, Archived"), "lifecycle: Ticket", "lifecycle: OtherTicket")) },
            3,
            21,
            "a.lifecycle.yaml"),
        ["SDSL0031"] = new(
            new[] { ("a.lifecycle.yaml", Machine), ("b.lifecycle.yaml", Machine) },
            new[] { ("a.lifecycle.yaml", Machine), ("b.lifecycle.yaml", Replace(Machine, "lifecycle: Ticket", "lifecycle: OtherTicket")) },
            1,
            12,
            "b.lifecycle.yaml"),
        ["SDSL0032"] = One(Replace(Machine, "lifecycle: Ticket", "lifecycle: Priority"), Machine, 1, 12),
        ["SDSL0035"] = One(Replace(Machine, "  vip:\n", "  Default:\n"), Machine, 9, 3),
        ["SDSL0033"] = One(
            Replace(SharedStatus("Open, Active, { name: Closed, platforms: [enhanced] }"), "statusType:", "platform: standard\nstatusType:"),
            Replace(SharedStatus("Open, Active, { name: Closed, platforms: [enhanced] }"), "statusType:", "platform: enhanced\nstatusType:"),
            18,
            3),
        ["SDSL0034"] = One(
            Replace(Replace(Machine, "statusType: TicketStatus", "statusType: { name: TicketStatus, platforms: [standard, enhanced] }"), "namespace: Demo.Tickets\n", "namespace: Demo.Tickets\nplatform: standrd\n"),
            Replace(Replace(Machine, "statusType: TicketStatus", "statusType: { name: TicketStatus, platforms: [standard, enhanced] }"), "namespace: Demo.Tickets\n", "namespace: Demo.Tickets\nplatform: standard\n"),
            3,
            11),
        ["SDSL0040"] = One(Replace(Machine, "when: priority != High", "when: priority != Low"), Machine, 27, 9),
        ["SDSL0041"] = One(Replace(Machine, "when: priority != High", "when: vip and not vip"), Machine, 29, 11),
        ["SDSL0042"] = One(Machine + "\n  - name: Reopen\n    in: Closed\n    after: 1d\n    to: Open\n", Machine + "\n  - name: Reopen\n    in: Active\n    after: 1d\n    to: Open\n", 39, 9),
        ["SDSL0043"] = One(Replace(Machine, "  Closed: { final: true }\n", "  Closed: { final: true }\n  Archived: { final: true }\n"), Machine, 18, 3),
        ["SDSL0044"] = One(Replace(Machine, "from: [Open, Active]", "from: Open"), Machine, 16, 3),
        ["SDSL0045"] = One(Flags(17), Flags(6), 1, 12),
        ["SDSL0046"] = One(
            Machine + "\n  - name: Remind\n    in: Open\n    after: 1h\n    to: Open\n",
            Machine + "\n  - name: Remind\n    in: Open\n    after: 1h\n    to: Closed\n",
            38,
            5),
    };
}
