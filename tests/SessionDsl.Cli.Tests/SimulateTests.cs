using System.Xml.Linq;
using Xunit;
using SessionDsl.Tests.Shared;

namespace SessionDsl.Cli.Tests;

public sealed class SimulateTests
{
    private static string Definition(string name) => Path.Combine(RepoPaths.Definitions, name).Replace('\\', '/');

    [Fact]
    public void Customer_inactivity_counts_from_the_first_rep_message_then_the_inactive_session_expires()
    {
        using var folder = new TemporaryFolder();
        folder.Write("inactivity.scenario.yaml", $$"""
            name: customer inactivity
            lifecycle: {{Definition("enhanced-customer-initiated.lifecycle.yaml")}}
            options: { capacityModel: TabBased, inactivityTimeout: 10m }
            start: Waiting
            steps:
              - event: Accept
                expect: { status: Active, outcome: Applied }
              - event: RepMessage
                expect: { status: Active, outcome: Applied }
              - advance: 9m
                expect: { status: Active, fired: [] }
              - event: RepMessage            # restart: false: the deadline stays 10m after the first reply
              - advance: 59s
                expect: { status: Active, fired: [] }
              - advance: 1s
                expect: { status: Inactive, fired: [CustomerInactivityCountdown] }
              - advance: 30h
                expect: { status: Ended, fired: [InactiveSessionExpiry] }
              - event: EndChat
                expect: { outcome: NotPermitted, status: Ended }
            """);
        CliRun run = CliRun.Of(folder.Path, "simulate", "inactivity.scenario.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Empty, run.Error);
        Assert.StartsWith("Scenario customer inactivity: lifecycle EnhancedCustomerInitiated (", run.Out);
        Assert.Contains("  options: capacityModel=TabBased, inactivityTimeout=10m, channel=WebChat, botTimeout=2h, inactiveExpiry=1d6h\n", run.Out);
        Assert.Contains("  6. at +10m: advance 1s: Active -> Inactive\n       timer CustomerInactivityCountdown fired at +10m: Active -> Inactive\n", run.Out);
        Assert.Contains("timer InactiveSessionExpiry fired at +1d6h10m: Inactive -> Ended\n", run.Out);
        Assert.Contains("  8. at +1d6h10m: event EndChat: Ended -> Ended (NotPermitted)\n", run.Out);
        Assert.DoesNotContain("FAIL", run.Out);
        Assert.EndsWith("  PASS: 8 steps, 14 expectations, 14 passed, 0 failed\n", run.Out);
    }

    [Fact]
    public void Business_initiated_waits_48_hours_for_a_reply_and_a_reply_under_status_based_capacity_is_active()
    {
        using var folder = new TemporaryFolder();
        string lifecycle = Definition("enhanced-business-initiated.lifecycle.yaml");
        folder.Write("expires.scenario.yaml", $$"""
            lifecycle: {{lifecycle}}
            steps:
              - event: OpeningMessage
                expect: { status: New, outcome: Applied }
              - advance: 47h59m
                expect: { status: New, fired: [] }
              - advance: 1m
                expect: { status: Ended, fired: [CustomerReplyCountdown] }
            """);
        folder.Write("reply.scenario.yaml", $$"""
            lifecycle: {{lifecycle}}
            options: { capacityModel: StatusBased }
            steps:
              - event: OpeningMessage
                expect: { status: New }
              - advance: 1h
              - event: CustomerMessage
                expect: { status: Active, outcome: Applied }
              - advance: 48h
                expect: { status: Active, fired: [] }
            """);
        CliRun run = CliRun.Of(folder.Path, "simulate", "expires.scenario.yaml", "reply.scenario.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("timer CustomerReplyCountdown fired at +2d: New -> Ended\n", run.Out);
        Assert.Contains("  3. at +1h: event CustomerMessage: New -> Active (Applied)\n", run.Out);
        Assert.EndsWith("2 scenarios: 2 passed, 0 failed\n", run.Out);
    }

    [Fact]
    public void A_failed_expectation_exits_1_and_the_junit_report_has_one_failure()
    {
        using var folder = new TemporaryFolder();
        folder.Write("wrong.scenario.yaml", $$"""
            lifecycle: {{Definition("enhanced-customer-initiated.lifecycle.yaml")}}
            options: { inactivityTimeout: 10m }
            steps:
              - event: Accept
                expect: { status: Active }
              - event: RepMessage
              - advance: 10m
                expect: { status: Ended }
              - event: CustomerMessage
                expect: { status: Waiting, outcome: Applied }
            """);
        CliRun run = CliRun.Of(folder.Path, "simulate", "wrong.scenario.yaml", "--junit", "report.xml");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("       FAIL status: expected Ended, got Inactive\n", run.Out);
        Assert.Contains("       PASS status Waiting\n", run.Out);
        Assert.EndsWith("  FAIL: 4 steps, 4 expectations, 3 passed, 1 failed\n", run.Out);

        XDocument junit = XDocument.Load(Path.Combine(folder.Path, "report.xml"));
        XElement suite = Assert.Single(junit.Root!.Elements("testsuite"));
        Assert.Equal("wrong.scenario.yaml", (string?)suite.Attribute("name"));
        Assert.Equal("3", (string?)suite.Attribute("tests"));
        Assert.Equal("1", (string?)suite.Attribute("failures"));
        Assert.Equal(3, suite.Elements("testcase").Count());
        XElement failure = Assert.Single(suite.Descendants("failure"));
        Assert.Equal("status: expected Ended, got Inactive", (string?)failure.Attribute("message"));
        Assert.Equal("step 3: advance 10m at +10m", (string?)failure.Parent!.Attribute("name"));
        Assert.StartsWith("wrong.scenario.yaml(8,13): Active -> Inactive", failure.Value);
    }

    [Fact]
    public void A_malformed_scenario_exits_2_with_every_mistake_at_its_line_and_column()
    {
        using var folder = new TemporaryFolder();
        folder.Write("bad.scenario.yaml", $$"""
            lifecycle: {{Definition("enhanced-customer-initiated.lifecycle.yaml")}}
            colour: red
            options: { capacityModel: Tab }
            steps:
              - event: Acept
              - advance: 10x
              - event: Accept
                expect: { status: Activ }
            """);
        CliRun run = CliRun.Of(folder.Path, "simulate", "bad.scenario.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(string.Empty, run.Out);
        Assert.Contains("bad.scenario.yaml(2,1): error: unknown key 'colour' in a scenario; the keys are: name, lifecycle, options, start, steps\n", run.Error);
        Assert.Contains("bad.scenario.yaml(3,27): error: 'Tab' is not a value of option 'capacityModel'; its values are: TabBased, StatusBased\n", run.Error);
        Assert.Contains("bad.scenario.yaml(5,12): error: 'Acept' is not an event of lifecycle 'EnhancedCustomerInitiated'; its events are: CustomerMessage,", run.Error);
        Assert.Contains("bad.scenario.yaml(6,14): error: advance: ", run.Error);
        Assert.Contains("bad.scenario.yaml(8,23): error: 'Activ' is not a state of lifecycle 'EnhancedCustomerInitiated'", run.Error);
        Assert.EndsWith("sessiondsl: simulate: nothing was run\n", run.Error);
    }

    [Theory]
    [InlineData("steps: []\n", "(1,1): error: a scenario needs 'lifecycle:'")]
    [InlineData("lifecycle: missing.lifecycle.yaml\nsteps: []\n", "(1,12): error: no such lifecycle file: missing.lifecycle.yaml")]
    [InlineData("lifecycle: [a\n", "(2,1): error: not valid YAML")]
    [InlineData("lifecycle: x.lifecycle.yaml\nsteps:\n  - event: A\n    advance: 1m\n", "(3,5): error: step 1 has exactly one of 'event:' and 'advance:'")]
    public void Other_malformed_scenarios_exit_2(string text, string expected)
    {
        using var folder = new TemporaryFolder();
        folder.Write("s.yaml", text);
        CliRun run = CliRun.Of(folder.Path, "simulate", "s.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("s.yaml" + expected, run.Error);
    }

    [Fact]
    public void A_lifecycle_with_errors_exits_2_with_its_diagnostics()
    {
        using var folder = new TemporaryFolder();
        string broken = File.ReadAllText(Path.Combine(RepoPaths.Definitions, "standard-customer-initiated.lifecycle.yaml")).Replace("to: Ended", "to: Nowhere");
        folder.Write("broken.lifecycle.yaml", broken);
        folder.Write("s.scenario.yaml", "lifecycle: broken.lifecycle.yaml\nsteps: []\n");
        CliRun run = CliRun.Of(folder.Path, "simulate", "s.scenario.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("broken.lifecycle.yaml(", run.Error);
        Assert.Contains("error SDSL0010:", run.Error);
        Assert.Contains("s.scenario.yaml(1,12): error: the lifecycle broken.lifecycle.yaml has errors\n", run.Error);
    }

    [Fact]
    public void Simulate_without_a_scenario_or_with_a_missing_one_is_bad_usage()
    {
        using var folder = new TemporaryFolder();
        Assert.Equal(2, CliRun.Of(folder.Path, "simulate").ExitCode);
        Assert.Equal(2, CliRun.Of(folder.Path, "simulate", "nope.yaml").ExitCode);
        Assert.Equal(2, CliRun.Of(folder.Path, "simulate", "nope.yaml", "--junit").ExitCode);
    }
}

public sealed class SimulateDocsTests
{
    /// <summary>docs/cli.md's scenario, run the way its console example shows, prints exactly what the page says.</summary>
    [Fact]
    public void The_example_of_docs_cli_md_prints_what_the_page_shows()
    {
        string page = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "cli.md")).Replace("\r\n", "\n");
        int section = page.IndexOf("#### Scenario format", StringComparison.Ordinal);
        string scenario = Block(page, "```yaml\n", section);
        string console = Block(page, "```console\n$ sessiondsl simulate ", page.IndexOf("### `simulate`", StringComparison.Ordinal));
        string[] lines = console.Split('\n', 2);

        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "definitions"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "scenarios"));
        File.Copy(Path.Combine(RepoPaths.Definitions, "enhanced-customer-initiated.lifecycle.yaml"), Path.Combine(folder.Path, "definitions", "enhanced-customer-initiated.lifecycle.yaml"));
        folder.Write(Path.Combine("scenarios", "inactivity.scenario.yaml"), scenario);
        CliRun run = CliRun.Of(folder.Path, new[] { "simulate" }.Concat(lines[0].Split(' ')).ToArray());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(lines[1], run.Out);
        Assert.True(File.Exists(Path.Combine(folder.Path, "simulate.xml")));
    }

    private static string Block(string page, string start, int from)
    {
        int begin = page.IndexOf(start, from, StringComparison.Ordinal) + start.Length;
        return page.Substring(begin, page.IndexOf("```", begin, StringComparison.Ordinal) - begin);
    }
}

public sealed class SimulateOptionTests
{
    [Theory]
    [InlineData("inactivityTimeout: 4m", "(2,31): error: option 'inactivityTimeout' must lie between 5m and 30m, not 4m")]
    [InlineData("botTimeout: absent", "(2,24): error: option 'botTimeout' is not optional; give it a duration")]
    [InlineData("nope: 1", "(2,12): error: 'nope' is not an option of lifecycle 'EnhancedCustomerInitiated'")]
    public void Option_values_outside_the_definition_are_located_errors(string option, string expected)
    {
        using var folder = new TemporaryFolder();
        string lifecycle = Path.Combine(RepoPaths.Definitions, "enhanced-customer-initiated.lifecycle.yaml").Replace('\\', '/');
        folder.Write("s.yaml", $"lifecycle: {lifecycle}\noptions: {{ {option} }}\nsteps: []\n");
        CliRun run = CliRun.Of(folder.Path, "simulate", "s.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("s.yaml" + expected, run.Error);
    }

    [Fact]
    public void An_absent_optional_duration_stops_its_timer_and_guards_read_the_options()
    {
        using var folder = new TemporaryFolder();
        string lifecycle = Path.Combine(RepoPaths.Definitions, "enhanced-customer-initiated.lifecycle.yaml").Replace('\\', '/');
        folder.Write("s.yaml", $$"""
            lifecycle: {{lifecycle}}
            options: { inactivityTimeout: absent, channel: Sms }
            start: Consent
            steps:
              - event: CustomerEndSession
                expect: { outcome: GuardRejected, status: Consent }
              - event: CustomerMessage
                expect: { status: Waiting }
              - event: Accept
              - event: RepMessage
              - advance: 1d
                expect: { status: Active, fired: [] }
            """);
        CliRun run = CliRun.Of(folder.Path, "simulate", "s.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("  options: capacityModel=TabBased, inactivityTimeout=absent, channel=Sms, botTimeout=2h, inactiveExpiry=1d6h\n", run.Out);
        Assert.Contains("  start: Consent at +0s\n", run.Out);
    }
}
