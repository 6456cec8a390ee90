using System.IO.Compression;
using System.Text.RegularExpressions;
using Xunit;

namespace SessionDsl.Package.Tests;

[Collection(PackageCollection.Name)]
public sealed class ConsumerTests
{
    /// <summary>A support ticket: an option, a guard, a timer; the cluster consumer (OrleansConsumerTests) runs it too.</summary>
    internal const string Definition = """
        lifecycle: Ticket
        namespace: Helpdesk
        description: A support ticket.
        statusType: TicketStatus
        eventType: TicketEvent
        options:
          priority:
            type: enum
            values: [Low, High]
        states:
          Open: { initial: true, description: Waiting for an agent. }
          Active: Being worked on.
          Closed: { final: true, description: Done. }
        events:
          Assign: An agent takes the ticket.
          Close: The agent closes it.
        transitions:
          - from: Open
            on: Assign
            to: Active
            when: priority == High
            because: High-priority tickets are assigned at once.
          - from: [Open, Active]
            on: Close
            to: Closed
            because: Any open ticket can be closed.
        timers:
          - name: AutoClose
            in: Active
            after: 2h
            to: Closed
            because: Idle tickets close themselves.
        """;

    private const string Program = """
        using Helpdesk;

        var now = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var options = new Ticket.Options { Priority = Priority.High };
        var ticket = Ticket.Start(now);
        var assigned = Ticket.Apply(ref ticket, TicketEvent.Assign, now, options);
        Console.WriteLine($"assign: {assigned.Outcome} -> {ticket.Status}");
        Console.WriteLine($"low priority: {Ticket.Fire(TicketStatus.Open, TicketEvent.Assign, new Ticket.Options { Priority = Priority.Low }).Outcome}");
        Console.WriteLine($"deadline: {Ticket.NextDeadline(ticket, options):HH:mm}");
        Console.WriteLine($"fired: {Ticket.Advance(ref ticket, now.AddHours(2), options)} -> {ticket.Status}");
        Console.WriteLine($"transitions: {Ticket.Description.Transitions.Count}");
        """;

    private readonly PackedPackage _package;

    public ConsumerTests(PackedPackage package) => _package = package;

    [Fact]
    public void The_package_carries_the_generator_with_its_dependencies_the_runtime_and_the_build_files()
    {
        using var zip = ZipFile.OpenRead(_package.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains("analyzers/dotnet/cs/SessionDsl.Generator.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SessionDsl.Language.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/YamlDotNet.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Scriban.Signed.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SessionDsl.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SessionDsl.CodeFixes.dll", entries);
        Assert.Contains("lib/net8.0/SessionDsl.Runtime.dll", entries);
        Assert.Contains("build/SessionDsl.props", entries);
        Assert.Contains("build/SessionDsl.targets", entries);
        Assert.Contains("buildTransitive/SessionDsl.targets", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fresh_console_project_builds_and_runs_a_lifecycle_with_no_AdditionalFiles_line()
    {
        string project = CreateConsumer("good", Definition);

        (int build, string buildOutput) = DotNet.Run(project, "build", "-c", "Release", "--packages", Path.Combine(project, "packages"));
        Assert.True(build == 0, buildOutput);
        Assert.DoesNotContain("warning", buildOutput.Replace("0 Warning(s)", string.Empty), StringComparison.OrdinalIgnoreCase);

        (int run, string output) = DotNet.Run(project, "run", "-c", "Release", "--no-build");
        Assert.True(run == 0, output);
        Assert.Equal(
            new[] { "assign: Applied -> Active", "low priority: GuardRejected", "deadline: 11:00", "fired: 1 -> Closed", "transitions: 2" },
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void The_same_project_with_a_broken_definition_fails_the_build_at_the_yaml_file_and_line()
    {
        string project = CreateConsumer("broken", Definition.Replace("    to: Active\n", "    to: Actve\n"));

        (int build, string output) = DotNet.Run(project, "build", "-c", "Release", "--packages", Path.Combine(project, "packages"));

        Assert.NotEqual(0, build);
        var error = Regex.Match(output, @"(?<file>\S*ticket\.lifecycle\.yaml)\((?<line>\d+),(?<column>\d+)\): error SDSL0010: 'Actve' is not a state of lifecycle 'Ticket'");
        Assert.True(error.Success, output);
        Assert.Equal("20", error.Groups["line"].Value);
        Assert.Equal("9", error.Groups["column"].Value);
        Assert.Equal(Path.Combine(project, "ticket.lifecycle.yaml"), error.Groups["file"].Value);
    }

    [Fact]
    public void A_constant_transition_the_definition_does_not_allow_fails_the_build_at_its_line_in_Program_cs()
    {
        // The closed ticket accepts nothing; the event is on line 3, column 52.
        const string illegal = """
            using Helpdesk;

            Console.WriteLine(Ticket.Fire(TicketStatus.Closed, TicketEvent.Assign).Outcome);
            """;
        string project = CreateConsumer("illegal", Definition, illegal);

        (int build, string output) = DotNet.Run(project, "build", "-c", "Release", "--packages", Path.Combine(project, "packages"));

        Assert.NotEqual(0, build);
        var error = Regex.Match(output, @"(?<file>\S*Program\.cs)\((?<line>\d+),(?<column>\d+)\): error SDSL1001: 'Ticket' has no transition from 'Closed' on 'Assign'; from 'Closed' it allows: \(none\)");
        Assert.True(error.Success, output);
        Assert.Equal("3", error.Groups["line"].Value);
        Assert.Equal("52", error.Groups["column"].Value);
        Assert.Equal(Path.Combine(project, "Program.cs"), error.Groups["file"].Value);
    }

    [Fact]
    public void Definitions_that_once_broke_the_generated_code_build_warning_free_and_run()
    {
        // Each of these was accepted by the checks and then failed to compile in a consumer (CS0128, CS0162, CS0436):
        // two optional bounded durations, a guard with more than six option tests and a bare duration test, and
        // status and event types named like runtime types outside the runtime's namespace.
        string tricky = Definition
            .Replace("lifecycle: Ticket", "lifecycle: Tricky", StringComparison.Ordinal)
            .Replace("statusType: TicketStatus", "statusType: TransitionOutcome", StringComparison.Ordinal)
            .Replace("eventType: TicketEvent", "eventType: TimerKind", StringComparison.Ordinal)
            .Replace("options:\n", "options:\n  firstTimeout: { type: duration, min: 1m, max: 1h, optional: true }\n  secondTimeout: { type: duration, min: 1m, max: 1h, optional: true }\n  grace: { type: duration, default: 1h }\n"
                + string.Concat(Enumerable.Range(1, 7).Select(i => $"  f{i}: {{ type: bool }}\n")), StringComparison.Ordinal)
            .Replace("when: priority == High", "when: grace and priority == High and " + string.Join(" and ", Enumerable.Range(1, 7).Select(i => $"f{i}")), StringComparison.Ordinal);
        const string program = """
            using Helpdesk;

            var now = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
            var options = new Tricky.Options { Priority = Priority.High, F1 = true, F2 = true, F3 = true, F4 = true, F5 = true, F6 = true, F7 = true };
            var session = Tricky.Start(now);
            Console.WriteLine($"assign: {Tricky.Apply(ref session, TimerKind.Assign, now, options).Outcome} -> {session.Status}");
            try
            {
                _ = options with { FirstTimeout = TimeSpan.MaxValue };
            }
            catch (ArgumentOutOfRangeException e)
            {
                Console.WriteLine($"refused: {e.ParamName}");
            }
            """;
        string project = CreateConsumer("tricky", tricky, program);

        (int build, string buildOutput) = DotNet.Run(project, "build", "-c", "Release", "--packages", Path.Combine(project, "packages"));
        Assert.True(build == 0, buildOutput);
        Assert.DoesNotContain("warning", buildOutput.Replace("0 Warning(s)", string.Empty), StringComparison.OrdinalIgnoreCase);

        (int run, string output) = DotNet.Run(project, "run", "-c", "Release", "--no-build");
        Assert.True(run == 0, output);
        Assert.Equal(new[] { "assign: Applied -> Active", "refused: FirstTimeout" }, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Two_lifecycles_whose_names_differ_only_in_case_fail_the_build_at_one_of_them_not_in_the_generator()
    {
        string project = CreateConsumer("cased", Definition);
        File.WriteAllText(Path.Combine(project, "upper.lifecycle.yaml"), Definition.Replace("lifecycle: Ticket", "lifecycle: TICKET", StringComparison.Ordinal));

        (int build, string output) = DotNet.Run(project, "build", "-c", "Release", "--packages", Path.Combine(project, "packages"));

        Assert.NotEqual(0, build);
        Assert.Matches(@"ticket\.lifecycle\.yaml\(1,12\): error SDSL0032: 'Ticket' in namespace 'Helpdesk' would name both a lifecycle and lifecycle 'TICKET'", output);
        Assert.DoesNotContain("CS8785", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SDSL0000", output, StringComparison.Ordinal);
    }

    private string CreateConsumer(string name, string definition, string program = Program)
    {
        string project = Directory.CreateDirectory(Path.Combine(_package.Root, name)).FullName;
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{_package.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <NoWarn>$(NoWarn);CS1591</NoWarn>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SessionDsl" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "ticket.lifecycle.yaml"), definition.Replace("\r\n", "\n"));
        File.WriteAllText(Path.Combine(project, "Program.cs"), program);

        // Keep the repo's Directory.Build.props, Directory.Packages.props and global.json out of the consumer's way.
        File.WriteAllText(Path.Combine(_package.Root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_package.Root, "Directory.Packages.props"), "<Project />");
        return project;
    }
}
