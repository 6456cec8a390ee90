using Microsoft.CodeAnalysis;
using Xunit;
using static SessionDsl.Generator.Tests.DiagnosticAssertions;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// Rules across the sessions of one partition (<c>rules:</c>): how they are checked, where their mistakes are
/// reported, and how they reach the generated description and documentation.
/// </summary>
public class RuleTests
{
    // Line numbers matter: the tests below name them. Archived is a member no state of this lifecycle uses, and Failed
    // one that exists only on the enhanced platform.
    private const string Chat = """
        lifecycle: Chat
        namespace: Demo.Chat
        platform: standard
        statusType:
          name: ChatStatus
          platforms: [standard, enhanced]
          members: [Waiting, Active, { name: Failed, platforms: [enhanced] }, Ended, Archived]
        eventType: ChatEvent
        states:
          Waiting: { initial: true }
          Active:
          Ended: { final: true }
        events:
          Accept:
          End:
        transitions:
          - from: Waiting
            on: Accept
            to: Active
          - from: [Waiting, Active]
            on: End
            to: Ended
        rules:
          - name: OneChatAtATime
            requireOthersIn: [Ended, Archived]
            on: Accept
            because: One chat with a rep at a time.
          - name: StartAlone
            requireOthersIn: Ended
          - name: OnlyEndedChatsAreDeleted
            deleteOnlyIn: [Ended]
            because: "Ended chats 'can be deleted'."
          - name: RepeatedEndsMerge
            mergeRepeatedIn: Ended
        """;

    private static IReadOnlyList<Diagnostic> DiagnosticsOf(string yaml) =>
        GeneratorHarness.RunOn(("chat.lifecycle.yaml", yaml)).Diagnostics;

    private static Diagnostic Single(string yaml, string id)
    {
        var diagnostics = DiagnosticsOf(yaml);
        Assert.True(diagnostics.All(d => d.Id == id), string.Join("\n", diagnostics));
        return Assert.Single(diagnostics);
    }

    [Fact]
    public void Rules_of_every_kind_become_rule_infos_in_the_description_in_declaration_order()
    {
        var run = GeneratorHarness.RunOn(("chat.lifecycle.yaml", Chat));
        string source = run.Source("Demo.Chat.Chat.g.cs");

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompilationProblems.Select(d => d.ToString()));
        // One named argument a line in the generated file; compared here with each line break and its indent as one space.
        string flat = System.Text.RegularExpressions.Regex.Replace(source, "\n *", " ");
        Assert.Contains(
            "new global::SessionDsl.RuleInfo<global::Demo.Chat.ChatStatus, global::Demo.Chat.ChatEvent>( Index: 0, Name: \"OneChatAtATime\", Kind: global::SessionDsl.RuleKind.RequireOthersIn, Statuses: new global::Demo.Chat.ChatStatus[] { global::Demo.Chat.ChatStatus.Ended, global::Demo.Chat.ChatStatus.Archived }, On: new global::Demo.Chat.ChatEvent[] { global::Demo.Chat.ChatEvent.Accept }, Because: \"One chat with a rep at a time.\", Line: 24),",
            flat);
        Assert.Contains(
            "new global::SessionDsl.RuleInfo<global::Demo.Chat.ChatStatus, global::Demo.Chat.ChatEvent>( Index: 1, Name: \"StartAlone\", Kind: global::SessionDsl.RuleKind.RequireOthersIn, Statuses: new global::Demo.Chat.ChatStatus[] { global::Demo.Chat.ChatStatus.Ended }, On: global::System.Array.Empty<global::Demo.Chat.ChatEvent>(), Because: \"\", Line: 28),",
            flat);
        Assert.Contains(
            "new global::SessionDsl.RuleInfo<global::Demo.Chat.ChatStatus, global::Demo.Chat.ChatEvent>( Index: 2, Name: \"OnlyEndedChatsAreDeleted\", Kind: global::SessionDsl.RuleKind.DeleteOnlyIn, Statuses: new global::Demo.Chat.ChatStatus[] { global::Demo.Chat.ChatStatus.Ended }, On: global::System.Array.Empty<global::Demo.Chat.ChatEvent>(), Because: \"Ended chats 'can be deleted'.\", Line: 30),",
            flat);
        Assert.Contains(
            "new global::SessionDsl.RuleInfo<global::Demo.Chat.ChatStatus, global::Demo.Chat.ChatEvent>( Index: 3, Name: \"RepeatedEndsMerge\", Kind: global::SessionDsl.RuleKind.MergeRepeatedIn, Statuses: new global::Demo.Chat.ChatStatus[] { global::Demo.Chat.ChatStatus.Ended }, On: global::System.Array.Empty<global::Demo.Chat.ChatEvent>(), Because: \"\", Line: 33),",
            flat);
    }

    [Fact]
    public void The_generated_type_explains_each_rule_in_its_remarks()
    {
        string source = GeneratorHarness.RunOn(("chat.lifecycle.yaml", Chat)).Source("Demo.Chat.Chat.g.cs");
        string remarks = source.Substring(0, source.IndexOf("public readonly partial struct", StringComparison.Ordinal));
        string prose = string.Join(" ", remarks.Split('\n').Select(l => l.Trim().TrimStart('/').Trim()));

        Assert.Contains("<para> Rules across the sessions of one partition, also in <c>Description.Rules</c>.", prose);
        Assert.Contains(
            "<para> Rule <c>OneChatAtATime</c>: Accept may be applied to a session of this lifecycle only while every other session of its partition is Ended or Archived (starting a session is not guarded by this rule). Because: One chat with a rep at a time. </para>",
            prose);
        Assert.Contains("Rule <c>StartAlone</c>: a session of this lifecycle may start only while every other session of its partition is Ended. </para>", prose);
        Assert.Contains("Rule <c>OnlyEndedChatsAreDeleted</c>: a session of this lifecycle may be deleted only while it is Ended. Because: Ended chats 'can be deleted'.", prose);
        Assert.Contains("Rule <c>RepeatedEndsMerge</c>: when an event given with a reason moves a session of this lifecycle from a status other than Ended into Ended,", prose);
    }

    [Fact]
    public void A_lifecycle_without_rules_has_no_rule_paragraph()
    {
        string yaml = Chat.Substring(0, Chat.IndexOf("rules:", StringComparison.Ordinal));

        string source = GeneratorHarness.RunOn(("chat.lifecycle.yaml", yaml)).Source("Demo.Chat.Chat.g.cs");

        Assert.DoesNotContain("Rules across the sessions", source);
        Assert.Contains("rules: new global::SessionDsl.RuleInfo<global::Demo.Chat.ChatStatus, global::Demo.Chat.ChatEvent>[]\n                {\n                });", source.Replace("\r\n", "\n"));
    }

    [Fact]
    public void A_rule_without_a_requirement_is_SDSL0024_at_the_rule()
    {
        var d = Single(Replace(Chat, "    deleteOnlyIn: [Ended]\n", string.Empty), "SDSL0024");

        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal((30, 5), Position(d));
        Assert.Equal(
            "Rule 'OnlyEndedChatsAreDeleted' must say exactly one thing it requires, with one of 'requireOthersIn:', 'deleteOnlyIn:' or 'mergeRepeatedIn:'; it has none of them",
            d.GetMessage());
    }

    [Fact]
    public void A_rule_with_two_requirements_is_SDSL0024_at_the_second_one_written()
    {
        var d = Single(Replace(Chat, "    deleteOnlyIn: [Ended]\n", "    deleteOnlyIn: [Ended]\n    mergeRepeatedIn: [Ended]\n"), "SDSL0024");

        Assert.Equal((32, 5), Position(d));
        Assert.EndsWith("; it has both 'deleteOnlyIn:' and 'mergeRepeatedIn:': make each a rule of its own", d.GetMessage());
    }

    [Fact]
    public void A_rule_with_three_requirements_and_no_name_is_named_by_its_position()
    {
        var diagnostics = DiagnosticsOf(Replace(Chat, "  - name: RepeatedEndsMerge\n", "  - deleteOnlyIn: Ended\n    requireOthersIn: Ended\n"));

        Assert.Contains(diagnostics, d => d.Id == "SDSL0005" && d.GetMessage() == "rule #4 needs the key 'name:'");
        var d = Assert.Single(diagnostics, d => d.Id == "SDSL0024");
        Assert.StartsWith("Rule #4 must say", d.GetMessage());
        Assert.EndsWith("; it has 'deleteOnlyIn:', 'requireOthersIn:' and 'mergeRepeatedIn:': make each a rule of its own", d.GetMessage());
    }

    [Fact]
    public void On_in_a_rule_other_than_requireOthersIn_is_SDSL0002()
    {
        var d = Single(Replace(Chat, "    deleteOnlyIn: [Ended]\n", "    deleteOnlyIn: [Ended]\n    on: End\n"), "SDSL0002");

        Assert.Equal((32, 5), Position(d));
        Assert.Equal("Unknown key 'on' in rule #3; 'on:' applies only to requireOthersIn rules", d.GetMessage());
    }

    [Fact]
    public void A_misspelt_rule_key_is_SDSL0002_with_the_closest_key()
    {
        var d = Single(Replace(Chat, "deleteOnlyIn: [Ended]", "deleteOnlyIn: [Ended]\n    becuse: typo"), "SDSL0002");

        Assert.Equal("Unknown key 'becuse' in rule #3; did you mean 'because'?", d.GetMessage());
    }

    [Fact]
    public void A_rule_without_a_name_is_SDSL0005_and_a_name_that_is_no_identifier_SDSL0006()
    {
        Assert.Equal((28, 5), Position(Single(Replace(Chat, "  - name: StartAlone\n    requireOthersIn: Ended\n", "  - requireOthersIn: Ended\n"), "SDSL0005")));
        var d = Single(Replace(Chat, "name: StartAlone", "name: Start-Alone"), "SDSL0006");
        Assert.Equal((28, 11), Position(d));
        Assert.Equal("'Start-Alone' cannot be used as a rule name: it must be a C# identifier (letters, digits and '_', not starting with a digit, not a keyword)", d.GetMessage());
    }

    [Fact]
    public void Two_rules_with_one_name_are_SDSL0004_at_the_second()
    {
        var d = Single(Replace(Chat, "name: RepeatedEndsMerge", "name: StartAlone"), "SDSL0004");

        Assert.Equal((33, 5), Position(d));
        Assert.Equal("Rule 'StartAlone' is declared more than once; the first declaration is at line 28", d.GetMessage());
    }

    [Fact]
    public void A_status_or_event_listed_twice_in_a_rule_is_SDSL0004()
    {
        var d = Single(Replace(Chat, "deleteOnlyIn: [Ended]", "deleteOnlyIn: [Ended, Ended]"), "SDSL0004");
        Assert.Equal("Status of rule 'OnlyEndedChatsAreDeleted' 'Ended' is declared more than once; the first declaration is at line 31", d.GetMessage());
        Assert.Equal((31, 27), Position(d));

        var e = Single(Replace(Chat, "on: Accept\n    because", "on: [Accept, Accept]\n    because"), "SDSL0004");
        Assert.Equal("Event of rule 'OneChatAtATime' 'Accept' is declared more than once; the first declaration is at line 26", e.GetMessage());
    }

    [Theory]
    [InlineData("deleteOnlyIn: [Ended]", "deleteOnlyIn: []")]
    [InlineData("deleteOnlyIn: [Ended]", "deleteOnlyIn:")]
    [InlineData("on: Accept\n    because", "on: []\n    because")]
    public void An_empty_status_or_event_list_in_a_rule_is_SDSL0005(string find, string replacement)
    {
        var d = Single(Replace(Chat, find, replacement), "SDSL0005");

        Assert.Contains("needs the key", d.GetMessage());
    }

    [Fact]
    public void A_rules_item_that_is_not_a_mapping_is_SDSL0003()
    {
        var d = Single(Replace(Chat, "rules:\n", "rules:\n  - JustAName\n"), "SDSL0003");

        Assert.Equal((24, 5), Position(d));
        Assert.Equal("'Each rule' must be a mapping with 'name:', one of 'requireOthersIn:', 'deleteOnlyIn:' or 'mergeRepeatedIn:', and 'because:', not the text 'JustAName'", d.GetMessage());
    }

    [Theory]
    [InlineData("deleteOnlyIn: [Ended]", "deleteOnlyIn: [Endd]")]
    [InlineData("mergeRepeatedIn: Ended", "mergeRepeatedIn: Endd")]
    public void A_status_of_this_lifecycles_own_sessions_that_is_not_a_state_is_SDSL0010(string find, string replacement)
    {
        var d = Single(Replace(Chat, find, replacement), "SDSL0010");

        Assert.Equal("'Endd' is not a state of lifecycle 'Chat'; its states are: Waiting, Active, Ended (did you mean 'Ended'?)", d.GetMessage());
    }

    [Fact]
    public void A_member_of_the_shared_type_that_is_not_a_state_may_be_required_of_other_sessions_but_not_of_its_own()
    {
        Assert.Empty(DiagnosticsOf(Chat));

        var d = Single(Replace(Chat, "deleteOnlyIn: [Ended]", "deleteOnlyIn: [Archived]"), "SDSL0010");

        Assert.Equal((31, 20), Position(d));
    }

    [Fact]
    public void A_status_required_of_other_sessions_that_is_not_a_member_of_the_shared_type_is_SDSL0014()
    {
        var d = Single(Replace(Chat, "requireOthersIn: [Ended, Archived]", "requireOthersIn: [Ended, Archivd]"), "SDSL0014");

        Assert.Equal((25, 30), Position(d));
        Assert.Equal("Status 'Archivd' is not a member of 'ChatStatus', whose members are: Waiting, Active, Failed, Ended, Archived (did you mean 'Archived'?)", d.GetMessage());
    }

    [Fact]
    public void Without_a_member_list_a_status_required_of_other_sessions_must_be_a_state_SDSL0010()
    {
        string ownType = Replace(
            Replace(Chat, "  platforms: [standard, enhanced]\n  members: [Waiting, Active, { name: Failed, platforms: [enhanced] }, Ended, Archived]\n", string.Empty),
            "statusType:\n  name: ChatStatus\n",
            "statusType: ChatStatus\n");

        Assert.Empty(DiagnosticsOf(Replace(ownType, "requireOthersIn: [Ended, Archived]", "requireOthersIn: [Ended]")));
        var d = Single(ownType, "SDSL0010");
        Assert.Equal("'Archived' is not a state of lifecycle 'Chat'; its states are: Waiting, Active, Ended", d.GetMessage());
    }

    [Fact]
    public void A_status_required_of_other_sessions_that_exists_only_on_another_platform_is_SDSL0033()
    {
        var d = Single(Replace(Chat, "requireOthersIn: Ended", "requireOthersIn: [Ended, Failed]"), "SDSL0033");

        Assert.Equal((29, 30), Position(d));
        Assert.Equal(
            "Status 'Failed' exists only on platform 'enhanced' (as 'ChatStatus' declares), but lifecycle 'Chat' is for platform 'standard'; remove it from this lifecycle, or declare the member on this platform too",
            d.GetMessage());
    }

    [Fact]
    public void An_event_a_rule_guards_that_is_not_an_event_of_the_lifecycle_is_SDSL0011()
    {
        var d = Single(Replace(Chat, "on: Accept\n    because", "on: Acept\n    because"), "SDSL0011");

        Assert.Equal((26, 9), Position(d));
        Assert.Equal("'Acept' is not an event of lifecycle 'Chat'; its events are: Accept, End (did you mean 'Accept'?)", d.GetMessage());
    }

    [Fact]
    public void Rules_change_no_transition()
    {
        string without = Chat.Substring(0, Chat.IndexOf("rules:", StringComparison.Ordinal));
        string Table(string yaml)
        {
            string source = GeneratorHarness.RunOn(("chat.lifecycle.yaml", yaml)).Source("Demo.Chat.Chat.g.cs");
            int start = source.IndexOf("private static global::System.ReadOnlySpan<byte> Table", StringComparison.Ordinal);
            return source.Substring(start, source.IndexOf("};", start, StringComparison.Ordinal) - start);
        }

        Assert.Equal(Table(without), Table(Chat));
    }
}
