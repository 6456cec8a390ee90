using Microsoft.CodeAnalysis;
using Xunit;
using static SessionDsl.Generator.Tests.DiagnosticAssertions;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// Platform rules a definition declares (SDSL0033, SDSL0034): members of a shared type marked with the platforms they
/// exist on, checked against each lifecycle's <c>platform:</c>.
/// </summary>
public class PlatformRuleTests
{
    // Line numbers matter: the tests below name them.
    private const string Chat = """
        lifecycle: StandardChat
        namespace: Demo.Chat
        platform: standard
        statusType:
          name: ChatStatus
          platforms: [standard, enhanced]
          members: [Waiting, Active, { name: Inactive, platforms: [enhanced] }, Ended]
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
        """;

    private static IReadOnlyList<Diagnostic> DiagnosticsOf(params (string Path, string Text)[] files) =>
        GeneratorHarness.RunOn(files).Diagnostics;

    private static Diagnostic Single(string yaml, string id)
    {
        var diagnostics = DiagnosticsOf(("chat.lifecycle.yaml", yaml));
        Assert.DoesNotContain(diagnostics, d => d.Id != id);
        return Assert.Single(diagnostics, d => d.Id == id);
    }

    private static string WithInactive(string yaml) => Replace(
        Replace(yaml, "  Active:\n", "  Active:\n  Inactive:\n"),
        "  - from: [Waiting, Active]\n",
        "  - from: Active\n    on: Accept\n    to: Inactive\n  - from: [Waiting, Active, Inactive]\n");

    [Fact]
    public void A_standard_lifecycle_without_the_enhanced_only_member_is_clean_and_generates_code()
    {
        var run = GeneratorHarness.RunOn(("chat.lifecycle.yaml", Chat));

        Assert.Empty(run.Diagnostics);
        Assert.Contains(run.Sources, s => s.HintName == "Demo.Chat.StandardChat.g.cs");
        Assert.Contains("Inactive", run.Source("Demo.Chat.ChatStatus.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_enhanced_only_state_in_a_standard_lifecycle_is_SDSL0033_at_the_state()
    {
        var d = Single(WithInactive(Chat), "SDSL0033");

        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal((12, 3), Position(d));
        Assert.Equal(
            "State 'Inactive' exists only on platform 'enhanced' (as 'ChatStatus' declares), but lifecycle 'StandardChat' is for platform 'standard'; remove it from this lifecycle, or declare the member on this platform too",
            d.GetMessage());
        Assert.Equal("https://github.com/sessiondsl/sessiondsl/blob/main/docs/diagnostics/SDSL0033.md", d.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void The_same_state_in_an_enhanced_lifecycle_is_not_SDSL0033()
    {
        string enhanced = Replace(Replace(WithInactive(Chat), "platform: standard", "platform: enhanced"), "lifecycle: StandardChat", "lifecycle: EnhancedChat");

        Assert.Empty(DiagnosticsOf(("chat.lifecycle.yaml", enhanced)));
    }

    [Fact]
    public void A_restricted_event_is_checked_like_a_state()
    {
        string yaml = Replace(Chat, "eventType: ChatEvent", "eventType: { name: ChatEvent, members: [Accept, { name: End, platforms: [enhanced] }] }");

        var d = Single(yaml, "SDSL0033");

        Assert.Equal((15, 3), Position(d));
        Assert.StartsWith("Event 'End' exists only on platform 'enhanced'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_restricted_member_in_a_lifecycle_without_platform_is_SDSL0033_when_the_type_lists_no_platforms()
    {
        string yaml = Replace(Replace(WithInactive(Chat), "platform: standard\n", string.Empty), "  platforms: [standard, enhanced]\n", string.Empty);

        var d = Single(yaml, "SDSL0033");

        Assert.EndsWith("but lifecycle 'StandardChat' is for no platform (it has no 'platform:'); remove it from this lifecycle, or declare the member on this platform too", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_platform_is_SDSL0034_with_a_suggestion()
    {
        var d = Single(Replace(Chat, "platform: standard", "platform: standrd"), "SDSL0034");

        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal((3, 11), Position(d));
        Assert.Equal("'standrd' is not a platform declared by 'ChatStatus'; its platforms are: standard, enhanced (did you mean 'standard'?)", d.GetMessage());
    }

    [Fact]
    public void A_member_naming_an_undeclared_platform_is_SDSL0034_at_that_name()
    {
        var d = Single(Replace(Chat, "platforms: [enhanced] }", "platforms: [enhnced] }"), "SDSL0034");

        Assert.Equal((7, 60), Position(d));
        Assert.Contains("did you mean 'enhanced'?", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_platforms_list_platforms_are_free_tags()
    {
        Assert.Empty(DiagnosticsOf(("chat.lifecycle.yaml", Replace(Chat, "  platforms: [standard, enhanced]\n", string.Empty).Replace("platform: standard", "platform: anything", StringComparison.Ordinal))));
    }

    [Fact]
    public void A_lifecycle_whose_type_lists_platforms_needs_a_platform_SDSL0005()
    {
        var d = Single(Replace(Chat, "platform: standard\n", string.Empty), "SDSL0005");

        Assert.Equal("Lifecycle 'StandardChat', whose type 'ChatStatus' declares the platforms standard, enhanced, needs the key 'platform:'", d.GetMessage());
    }

    [Fact]
    public void A_member_written_as_a_mapping_needs_platforms()
    {
        var d = Single(Replace(Chat, "{ name: Inactive, platforms: [enhanced] }", "{ name: Inactive }"), "SDSL0005");

        Assert.Equal("a member needs the key 'platforms:'", d.GetMessage());
    }

    [Fact]
    public void Lifecycles_sharing_a_type_but_not_its_platform_marks_are_SDSL0030()
    {
        string enhanced = Replace(Replace(Chat, "platform: standard", "platform: enhanced"), "lifecycle: StandardChat", "lifecycle: EnhancedChat");
        string unmarked = Replace(Chat, "{ name: Inactive, platforms: [enhanced] }", "Inactive");

        var diagnostics = DiagnosticsOf(("enhanced.lifecycle.yaml", enhanced), ("standard.lifecycle.yaml", unmarked));

        var d = Assert.Single(diagnostics);
        Assert.Equal("SDSL0030", d.Id);
        Assert.Equal("standard.lifecycle.yaml", d.Location.GetLineSpan().Path);
        Assert.Equal(
            "'ChatStatus' has members [Waiting, Active, Inactive, Ended; platforms standard, enhanced] in lifecycle 'StandardChat' but [Waiting, Active, Inactive (enhanced), Ended; platforms standard, enhanced] in lifecycle 'EnhancedChat'; lifecycles that share a type must list the same members in the same order",
            d.GetMessage());
    }

    [Fact]
    public void The_shipped_definitions_declare_the_articles_rule_and_keep_to_it()
    {
        var shipped = GeneratorHarness.ShippedDefinitions().ToList();
        Assert.All(shipped, d => Assert.Contains("{ name: Consent, platforms: [enhanced] }, { name: Inactive, platforms: [enhanced] },\n            { name: Error, platforms: [enhanced] }", d.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal));
        Assert.Empty(DiagnosticsOf(shipped.ToArray()));

        // Putting Consent into a standard lifecycle is now a compiler error.
        var standard = shipped.Single(d => d.Path.EndsWith("standard-customer-initiated.lifecycle.yaml", StringComparison.Ordinal));
        string withConsent = standard.Text.Replace("states:\n", "states:\n  Consent:\n    description: Only consent keywords so far.\n", StringComparison.Ordinal);
        var run = DiagnosticsOf((standard.Path, withConsent));
        Assert.Contains(run, d => d.Id == "SDSL0033" && d.GetMessage().StartsWith("State 'Consent' exists only on platform 'enhanced'", StringComparison.Ordinal));
    }
}
