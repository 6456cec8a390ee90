using Xunit;
using SessionDsl.Tests.Shared;

namespace SessionDsl.Cli.Tests;

public sealed class RenderTests
{
    [Theory]
    [MemberData(nameof(RepoPaths.DefinitionFileNames), MemberType = typeof(RepoPaths))]
    public void Mermaid_is_the_diagram_the_definitions_readme_shows(string fileName)
    {
        CliRun run = CliRun.Of(RepoPaths.Definitions, "render", fileName);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("stateDiagram-v2\n", run.Out);
        Assert.Equal(ReadmeMermaid(fileName), run.Out);
    }

    [Theory]
    [MemberData(nameof(RepoPaths.DefinitionFileNames), MemberType = typeof(RepoPaths))]
    public void Dot_has_every_transition_and_timer_of_the_readme_diagram(string fileName)
    {
        CliRun run = CliRun.Of(RepoPaths.Definitions, "render", fileName, "--format", "dot");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("digraph \"", run.Out);
        Assert.EndsWith("}\n", run.Out);
        int edges = 0;
        foreach (string line in ReadmeMermaid(fileName).Split('\n').Skip(1).Where(l => l.Length > 0))
        {
            string[] parts = line.Trim().Split(" --> ");
            if (parts[0] == "[*]")
            {
                Assert.Contains($"\"(start)\" -> \"{parts[1]}\";\n", run.Out);
                continue;
            }

            if (parts[1] == "[*]")
            {
                Assert.Contains($"\"{parts[0]}\" -> \"(end)\";\n", run.Out);
                Assert.Contains($"\"{parts[0]}\" [peripheries=2];\n", run.Out);
                continue;
            }

            string[] target = parts[1].Split(" : ", 2);
            string label = target[1];
            // Timers are dashed; transitions are solid.
            string expected = label.StartsWith("after ", StringComparison.Ordinal)
                ? $"\"{parts[0]}\" -> \"{target[0]}\" [label=\"{label}\", style=dashed];\n"
                : $"\"{parts[0]}\" -> \"{target[0]}\" [label=\"{label}\"];\n";
            Assert.Contains(expected, run.Out);
            edges++;
        }

        Assert.True(edges > 10, $"only {edges} edges in the README diagram of {fileName}");
        Assert.Equal(edges, run.Out.Split('\n').Count(l => l.Contains(" [label=", StringComparison.Ordinal)));
    }

    [Fact]
    public void Svg_comes_from_graphviz_where_it_is_installed_and_a_clear_message_where_not()
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        bool dotInstalled = (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, "dot")) || File.Exists(Path.Combine(folder, "dot.exe")));

        CliRun run = CliRun.WithPath(RepoPaths.Definitions, path, "render", "standard-customer-initiated.lifecycle.yaml", "--format", "svg");

        if (dotInstalled)
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("<svg", run.Out);
            Assert.Contains("StandardCustomerInitiated", run.Out);
        }
        else
        {
            AssertGraphvizMissing(run);
        }
    }

    [Fact]
    public void Svg_without_graphviz_on_path_says_how_to_get_it()
    {
        using var empty = new TemporaryFolder();

        CliRun run = CliRun.WithPath(RepoPaths.Definitions, empty.Path, "render", "standard-customer-initiated.lifecycle.yaml", "--format", "svg");

        AssertGraphvizMissing(run);
    }

    [Fact]
    public void Output_goes_to_the_file_given()
    {
        using var folder = new TemporaryFolder();
        string input = Path.Combine(RepoPaths.Definitions, "enhanced-customer-initiated.lifecycle.yaml");

        CliRun run = CliRun.Of(folder.Path, "render", input, "--format=dot", "-o", "diagram.dot");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Empty, run.Out);
        Assert.StartsWith("digraph \"EnhancedCustomerInitiated\"", File.ReadAllText(Path.Combine(folder.Path, "diagram.dot")));
    }

    [Fact]
    public void A_definition_with_errors_is_not_rendered()
    {
        using var folder = new TemporaryFolder();
        (int line, int column) = CheckTests.WriteBroken(folder);

        CliRun run = CliRun.Of(folder.Path, "render", "broken.lifecycle.yaml", "--format", "dot");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(string.Empty, run.Out);
        Assert.Contains($"broken.lifecycle.yaml({line},{column}): error SDSL0010: ", run.Error);
        Assert.Contains("has errors; nothing rendered", run.Error);
    }

    [Theory]
    [InlineData("render")]
    [InlineData("render", "no-such.lifecycle.yaml")]
    [InlineData("render", "standard-customer-initiated.lifecycle.yaml", "enhanced-customer-initiated.lifecycle.yaml")]
    [InlineData("render", "standard-customer-initiated.lifecycle.yaml", "--format", "png")]
    public void Render_usage_mistakes_exit_2(params string[] args)
    {
        CliRun run = CliRun.Of(RepoPaths.Definitions, args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("sessiondsl: render: ", run.Error);
    }

    private static void AssertGraphvizMissing(CliRun run)
    {
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(string.Empty, run.Out);
        Assert.Contains("Graphviz's 'dot' command, which is not on PATH", run.Error);
        Assert.Contains("apt-get install graphviz", run.Error);
        Assert.Contains("--format dot", run.Error);
    }

    /// <summary>The Mermaid block definitions/README.md shows under the heading that names <paramref name="fileName"/>.</summary>
    private static string ReadmeMermaid(string fileName)
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Definitions, "README.md")).ReplaceLineEndings("\n");
        int named = readme.IndexOf($"(`{fileName}`)", StringComparison.Ordinal);
        Assert.True(named >= 0, $"definitions/README.md has no diagram for {fileName}");
        const string fence = "```mermaid\n";
        int start = readme.IndexOf(fence, named, StringComparison.Ordinal) + fence.Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        return readme.Substring(start, end - start);
    }
}
