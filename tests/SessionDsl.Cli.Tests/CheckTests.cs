using System.Text.Json;
using System.Text.RegularExpressions;
using SessionDsl.Language.Diagnostics;
using Xunit;
using SessionDsl.Tests.Shared;

namespace SessionDsl.Cli.Tests;

public sealed class CheckTests
{
    private const string BrokenName = "broken.lifecycle.yaml";

    [Fact]
    public void The_shipped_definitions_check_clean()
    {
        CliRun run = CliRun.Of(RepoPaths.Root, "check", "definitions");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("4 definitions checked: 0 errors, 0 warnings\n", run.Out);
        Assert.Equal(string.Empty, run.Error);
    }

    [Theory]
    [MemberData(nameof(RepoPaths.DefinitionFileNames), MemberType = typeof(RepoPaths))]
    public void Each_shipped_definition_checks_clean_on_its_own(string fileName)
    {
        CliRun run = CliRun.Of(RepoPaths.Definitions, "check", fileName);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("1 definition checked: 0 errors, 0 warnings\n", run.Out);
    }

    [Fact]
    public void A_broken_definition_is_reported_at_its_line_and_column_in_msbuild_style()
    {
        using var folder = new TemporaryFolder();
        (int line, int column) = WriteBroken(folder);

        // No path: the current folder is searched.
        CliRun run = CliRun.Of(folder.Path, "check");

        Assert.True(run.ExitCode == 1, run.ToString());
        string[] lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(
            $"{BrokenName}({line},{column}): error SDSL0010: 'Nowhere' is not a state of lifecycle 'StandardCustomerInitiated'; its states are: Waiting, Active, Ended",
            lines[0]);
        Assert.Matches(new Regex(@"^[^()]+\(\d+,\d+\): (error|warning|info) SDSL\d{4}: .+$"), lines[0]);
        Assert.Equal("1 definition checked: 1 error, 0 warnings", lines[1]);
    }

    [Fact]
    public void A_broken_definition_is_a_sarif_result_at_its_region()
    {
        using var folder = new TemporaryFolder();
        (int line, int column) = WriteBroken(folder);

        CliRun run = CliRun.Of(folder.Path, "check", ".", "--format", "sarif", "--output", "report.sarif");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("report written to report.sarif", run.Out);
        using JsonDocument sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "report.sarif")));
        JsonElement root = sarif.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        JsonElement sarifRun = Assert.Single(root.GetProperty("runs").EnumerateArray());
        JsonElement result = Assert.Single(sarifRun.GetProperty("results").EnumerateArray());
        Assert.Equal("SDSL0010", result.GetProperty("ruleId").GetString());
        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.StartsWith("'Nowhere' is not a state", result.GetProperty("message").GetProperty("text").GetString());

        JsonElement location = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
        Assert.Equal(BrokenName, location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        JsonElement region = location.GetProperty("region");
        Assert.Equal(line, region.GetProperty("startLine").GetInt32());
        Assert.Equal(column, region.GetProperty("startColumn").GetInt32());
        Assert.Equal(line, region.GetProperty("endLine").GetInt32());
        Assert.Equal(column + "Nowhere".Length, region.GetProperty("endColumn").GetInt32());

        // The rule the result points to: same ID, the generator descriptor's help page.
        JsonElement rules = sarifRun.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        JsonElement rule = rules[result.GetProperty("ruleIndex").GetInt32()];
        Assert.Equal("SDSL0010", rule.GetProperty("id").GetString());
        Assert.Equal(DiagnosticCatalog.UnknownState.HelpLink, rule.GetProperty("helpUri").GetString());
        Assert.EndsWith("/docs/diagnostics/SDSL0010.md", rule.GetProperty("helpUri").GetString());
        Assert.Equal(DiagnosticCatalog.All.Count, rules.GetArrayLength());
    }

    [Fact]
    public void Sarif_on_standard_output_is_one_json_document_with_the_summary_on_standard_error()
    {
        using var folder = new TemporaryFolder();
        WriteBroken(folder);

        CliRun run = CliRun.Of(folder.Path, "check", "--format", "sarif");

        Assert.True(run.ExitCode == 1, run.ToString());
        using JsonDocument sarif = JsonDocument.Parse(run.Out);
        Assert.Equal(1, sarif.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
        Assert.Equal("1 definition checked: 1 error, 0 warnings\n", run.Error);
    }

    [Fact]
    public void Files_checked_together_get_the_checks_across_files()
    {
        // Two copies of one lifecycle: each is valid alone, together they declare the same lifecycle twice.
        using var folder = new TemporaryFolder();
        string text = File.ReadAllText(Path.Combine(RepoPaths.Definitions, "standard-customer-initiated.lifecycle.yaml"));
        folder.Write("a.lifecycle.yaml", text);
        folder.Write("b.lifecycle.yaml", text);

        Assert.Equal(0, CliRun.Of(folder.Path, "check", "a.lifecycle.yaml").ExitCode);
        CliRun together = CliRun.Of(folder.Path, "check");

        Assert.True(together.ExitCode == 1, together.ToString());
        Assert.Contains($"): error {DiagnosticCatalog.DuplicateLifecycle.Id}: ", together.Out);
        Assert.Contains("2 definitions checked: 1 error", together.Out);
    }

    [Fact]
    public void A_missing_path_is_bad_usage()
    {
        CliRun run = CliRun.Of(RepoPaths.Root, "check", "definitions", "no-such-folder");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("no such file or folder: no-such-folder", run.Error);
        Assert.Equal(string.Empty, run.Out);
    }

    [Theory]
    [InlineData("check", "--frobnicate")]
    [InlineData("check", "--format", "xml")]
    [InlineData("check", "--format")]
    [InlineData("lint")]
    public void Unknown_commands_options_and_formats_are_bad_usage(params string[] args)
    {
        CliRun run = CliRun.Of(RepoPaths.Root, args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Usage:", run.Error);
    }

    [Fact]
    public void No_arguments_is_bad_usage_and_help_is_not()
    {
        Assert.Equal(2, CliRun.Of(RepoPaths.Root).ExitCode);
        CliRun help = CliRun.Of(RepoPaths.Root, "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("sessiondsl check", help.Out);
        Assert.Contains("sessiondsl render", help.Out);
    }

    /// <summary>The standard customer-initiated definition with its first transition's target renamed to a state that does not exist.</summary>
    internal static (int Line, int Column) WriteBroken(TemporaryFolder folder)
    {
        string text = File.ReadAllText(Path.Combine(RepoPaths.Definitions, "standard-customer-initiated.lifecycle.yaml")).ReplaceLineEndings("\n");
        int at = text.IndexOf("to: Active", StringComparison.Ordinal);
        Assert.True(at >= 0, "the definition has no 'to: Active' left to break");
        string broken = text.Substring(0, at) + "to: Nowhere" + text.Substring(at + "to: Active".Length);
        folder.Write(BrokenName, broken);

        int nameAt = at + "to: ".Length;
        int line = text.Substring(0, nameAt).Count(c => c == '\n') + 1;
        int column = nameAt - (text.LastIndexOf('\n', nameAt - 1) + 1) + 1;
        return (line, column);
    }
}
