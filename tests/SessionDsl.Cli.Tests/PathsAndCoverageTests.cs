using System.Text.RegularExpressions;
using Xunit;
using SessionDsl.Tests.Shared;

namespace SessionDsl.Cli.Tests;

public sealed class PathsAndCoverageTests
{
    private const string Door = """
        lifecycle: Door
        namespace: Tests
        description: A door that closes itself.
        statusType: DoorStatus
        eventType: DoorEvent
        options:
          canOpen: { type: bool, default: true, description: Whether the door opens at all. }
        states:
          Closed: { initial: true, description: Shut. }
          Opened: Open.
        events:
          Open: Someone opens it.
          Close: Someone closes it.
        transitions:
          - { from: Closed, on: Open, to: Opened, when: canOpen }
          - { from: Opened, on: Close, to: Closed }
        timers:
          - { name: AutoClose, in: Opened, after: 1m, to: Closed }
        """;

    [Theory]
    [MemberData(nameof(RepoPaths.DefinitionFileNames), MemberType = typeof(RepoPaths))]
    public void The_generated_paths_pass_and_cover_everything_a_combination_of_options_lets_happen(string file)
    {
        using var folder = new TemporaryFolder();
        CliRun paths = CliRun.Of(RepoPaths.Root, "paths", Path.Combine("definitions", file), "--output", folder.Path);
        Assert.True(paths.ExitCode == 0, paths.ToString());
        string[] scenarios = Directory.GetFiles(folder.Path, "*.scenario.yaml");
        Assert.NotEmpty(scenarios);

        // Every generated expectation holds when simulate runs the scenarios.
        CliRun simulate = CliRun.Of(folder.Path, ["simulate", .. scenarios]);
        Assert.True(simulate.ExitCode == 0, simulate.ToString());
        Assert.DoesNotContain("FAIL", simulate.Out);

        // What coverage finds missing (counted from its own run of the scenarios) is exactly what paths said no
        // combination of options reaches.
        CliRun coverage = CliRun.Of(RepoPaths.Root, ["coverage", .. scenarios]);
        Assert.True(coverage.ExitCode == 0, coverage.ToString());
        string[] neverReached = [.. Regex.Matches(paths.Out, @"never reached: (?<goal>.+?) \(").Select(m => m.Groups["goal"].Value).Order()];
        string[] notCovered = [.. Regex.Matches(coverage.Out, @"not covered: (?<goal>.+?) \(").Select(m => m.Groups["goal"].Value).Order()];
        Assert.Equal(neverReached, notCovered);

        // Independently of both: every timer of the shipped definitions can fire, so the paths must fire them all.
        Match timers = Regex.Match(coverage.Out, @"timers (?<covered>\d+) of (?<all>\d+)");
        Assert.True(timers.Success && timers.Groups["covered"].Value == timers.Groups["all"].Value, coverage.Out);
    }

    [Fact]
    public void Paths_finds_the_business_initiated_transitions_that_tab_based_capacity_makes_unreachable()
    {
        // Under tab-based capacity a business-initiated session ends when the customer replies, so it never becomes
        // Active; the transitions guarded by tab-based capacity out of Active and Inactive cannot happen.
        using var folder = new TemporaryFolder();
        CliRun paths = CliRun.Of(RepoPaths.Root, "paths", "definitions/enhanced-business-initiated.lifecycle.yaml", "-o", folder.Path);

        Assert.True(paths.ExitCode == 0, paths.ToString());
        Assert.Contains("never reached: transition Active --RepOffline--> Waiting when capacityModel == TabBased (definitions/enhanced-business-initiated.lifecycle.yaml, line 160)", paths.Out);
        Assert.Equal(3, Regex.Matches(paths.Out, "never reached:").Count);
    }

    [Fact]
    public void A_small_lifecycle_gets_one_path_through_everything_with_the_expectations_the_semantics_give()
    {
        using var folder = new TemporaryFolder();
        folder.Write("door.lifecycle.yaml", Door);
        CliRun paths = CliRun.Of(folder.Path, "paths", "door.lifecycle.yaml", "--output", "out");

        Assert.True(paths.ExitCode == 0, paths.ToString());
        Assert.Contains("Door (door.lifecycle.yaml): 1 scenario, 4 steps, under 2 option combinations (of 2;", paths.Out);
        Assert.DoesNotContain("never reached", paths.Out);
        string scenario = File.ReadAllText(Path.Combine(folder.Path, "out", "door.path01.scenario.yaml"));
        Assert.Contains("lifecycle: '../door.lifecycle.yaml'\noptions: { canOpen: true }\nstart: Closed\n", scenario);
        Assert.Contains(
            "steps:\n" +
            "  - event: Open\n    expect: { status: Opened, outcome: Applied, fired: [] }\n" +
            "  - event: Close\n    expect: { status: Closed, outcome: Applied, fired: [] }\n" +
            "  - event: Open\n    expect: { status: Opened, outcome: Applied, fired: [] }\n" +
            "  - advance: 1m\n    expect: { status: Closed, fired: [AutoClose] }\n",
            scenario);
    }

    [Fact]
    public void Coverage_names_what_a_scenario_misses_with_its_line_and_fails_under_a_threshold()
    {
        using var folder = new TemporaryFolder();
        folder.Write("door.lifecycle.yaml", Door);
        folder.Write("open.scenario.yaml", """
            lifecycle: door.lifecycle.yaml
            steps:
              - event: Open
              - event: Close
              - event: Close
            """);

        CliRun coverage = CliRun.Of(folder.Path, "coverage", "open.scenario.yaml");
        Assert.True(coverage.ExitCode == 0, coverage.ToString());
        Assert.Equal(
            "Door (door.lifecycle.yaml): 1 scenario; transitions 2 of 2, timers 0 of 1: 66.7%\n" +
            "  not covered: timer AutoClose in Opened --> Closed (door.lifecycle.yaml, line 18)\n",
            coverage.Out);

        CliRun strict = CliRun.Of(folder.Path, "coverage", "open.scenario.yaml", "--fail-under", "100");
        Assert.Equal(1, strict.ExitCode);
        Assert.Equal(2, CliRun.Of(folder.Path, "coverage", "open.scenario.yaml", "--fail-under", "lots").ExitCode);
    }

    [Fact]
    public void Paths_needs_an_output_folder_and_refuses_a_definition_with_errors()
    {
        using var folder = new TemporaryFolder();
        folder.Write("door.lifecycle.yaml", Door);
        folder.Write("broken.lifecycle.yaml", Door.Replace("to: Opened, when", "to: Nowhere, when", StringComparison.Ordinal).Replace("lifecycle: Door", "lifecycle: Broken", StringComparison.Ordinal));

        CliRun noOutput = CliRun.Of(folder.Path, "paths", "door.lifecycle.yaml");
        Assert.Equal(2, noOutput.ExitCode);
        Assert.Contains("--output DIR", noOutput.Error);

        CliRun broken = CliRun.Of(folder.Path, "paths", "broken.lifecycle.yaml", "-o", "out");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("broken.lifecycle.yaml(15,", broken.Error);
        Assert.Contains("error SDSL0010", broken.Error);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "out")));
    }
}
