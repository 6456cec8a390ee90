using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;
using SessionDsl.Tests.Shared;

namespace SessionDsl.Package.Tests;

/// <summary>
/// Runs the README's install section as a stranger would, line for line, in a home folder of its own (so the
/// `dotnet nuget add source` and the `~` it writes to are the test's), then checks what it built: the packages'
/// metadata, the schema inside SessionDsl, and docs/editors.md against the packed files.
/// </summary>
public sealed class InstalledFromReadme : IDisposable
{
    public InstalledFromReadme()
    {
        Home = Directory.CreateTempSubdirectory("sessiondsl-home-").FullName;
        string repo = RepoRoot.Path;
        Commands = ReadmeBlock(File.ReadAllText(Path.Combine(repo, "README.md")), "install");

        // The lines run as they stand. Only the environment is the test's: HOME, and NuGet's cache, which for the
        // packs is the machine's (they restore the repo's own dependencies) and for the new project a fresh folder
        // (a stale SessionDsl 0.1.0 in the machine's cache would hide a broken package).
        string realCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string script = $$"""
            set -euo pipefail
            dotnet() { if [ "$1" = pack ]; then NUGET_PACKAGES='{{realCache}}' command dotnet "$@"; else command dotnet "$@"; fi; }
            {{string.Join("\n", Commands.Select(c => $"echo '+ {c}'\n{c}"))}}
            """;
        (ExitCode, Output) = Shell.Run(repo, script, new Dictionary<string, string>
        {
            ["HOME"] = Home,
            ["NUGET_PACKAGES"] = Path.Combine(Home, "nuget-packages"),
        });
    }

    public string Home { get; }

    public IReadOnlyList<string> Commands { get; }

    public int ExitCode { get; }

    public string Output { get; }

    public string Feed => Path.Combine(Home, "sessiondsl-feed");

    public string Project => Path.Combine(Home, "MyService");

    /// <summary>The command lines of the ```bash block between &lt;!-- NAME:begin --&gt; and &lt;!-- NAME:end --&gt;.</summary>
    public static IReadOnlyList<string> ReadmeBlock(string markdown, string name)
    {
        Match block = Regex.Match(markdown, $@"<!-- {name}:begin -->\s*```bash\n(?<body>.*?)```\s*<!-- {name}:end -->", RegexOptions.Singleline);
        Assert.True(block.Success, $"README.md has no ```bash block between <!-- {name}:begin --> and <!-- {name}:end -->");
        return block.Groups["body"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[Collection(PackageCollection.Name)] // its packs share the repo's Release folders with the collection's fixture: one at a time
public sealed class InstallSectionTests(InstalledFromReadme installed) : IClassFixture<InstalledFromReadme>
{
    private static readonly string[] Packages = ["SessionDsl", "SessionDsl.Sqlite", "SessionDsl.Extensions.Hosting", "SessionDsl.Orleans"];

    [Fact]
    public void The_README_install_section_builds_a_new_project_against_the_local_feed()
    {
        Assert.True(installed.ExitCode == 0, installed.Output);
        Assert.Contains("dotnet nuget add source ~/sessiondsl-feed --name sessiondsl-local", installed.Commands);
        Assert.Contains("Build succeeded.", installed.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(installed.Home, "nuget-packages", "sessiondsl", "0.1.0", "sessiondsl.0.1.0.nupkg")), "SessionDsl came from the feed the section built");
        Assert.Contains(installed.Feed, File.ReadAllText(Path.Combine(installed.Home, ".nuget", "NuGet", "NuGet.Config")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_version_the_section_installs_is_the_version_the_repo_builds()
    {
        string props = File.ReadAllText(Path.Combine(RepoRoot.Path, "Directory.Build.props"));
        string version = Regex.Match(props, "<Version>(?<v>[^<]+)</Version>").Groups["v"].Value;

        Assert.Contains($"dotnet add package SessionDsl --version {version}", installed.Commands);
        Assert.All(Packages, id => Assert.True(File.Exists(Path.Combine(installed.Feed, $"{id}.{version}.nupkg")), installed.Output));
    }

    [Theory]
    [InlineData("SessionDsl")]
    [InlineData("SessionDsl.Sqlite")]
    [InlineData("SessionDsl.Extensions.Hosting")]
    [InlineData("SessionDsl.Orleans")]
    public void Each_package_names_its_licence_repository_readme_and_release_notes(string id)
    {
        Assert.True(installed.ExitCode == 0, installed.Output);
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(installed.Feed, $"{id}.0.1.0.nupkg"));
        XElement metadata = Nuspec(zip, id);
        XNamespace ns = metadata.Name.Namespace;

        Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")?.Attribute("type")?.Value);
        XElement repository = metadata.Element(ns + "repository")!;
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.StartsWith("https://", repository.Attribute("url")?.Value, StringComparison.Ordinal);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.StartsWith("# " + id, new StreamReader(zip.GetEntry("README.md")!.Open()).ReadToEnd(), StringComparison.Ordinal);
        Assert.Equal(
            File.ReadAllText(Path.Combine(RepoRoot.Path, "RELEASE-NOTES.md")).Trim(),
            metadata.Element(ns + "releaseNotes")?.Value.Trim());
    }

    [Fact]
    public void The_schema_is_in_the_package_with_an_id_and_is_otherwise_the_definitions_schema()
    {
        Assert.True(installed.ExitCode == 0, installed.Output);
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(installed.Feed, "SessionDsl.0.1.0.nupkg"));
        var packed = (JsonObject)JsonNode.Parse(new StreamReader(zip.GetEntry("schema/lifecycle.schema.json")!.Open()).ReadToEnd())!;
        var source = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "definitions", "lifecycle.schema.json")))!;

        Assert.Equal("urn:sessiondsl:lifecycle.schema.json", (string?)packed["$id"]);
        packed.Remove("$id");
        Assert.True(JsonNode.DeepEquals(source, packed), "the packed schema differs from definitions/lifecycle.schema.json by more than its $id");
    }

    [Fact]
    public void The_editor_setup_in_docs_names_the_schema_where_the_package_puts_it()
    {
        Assert.True(installed.ExitCode == 0, installed.Output);
        (int exit, string output) = DotNet.Run(installed.Project, "msbuild", "-getProperty:SessionDslSchemaPath");
        string schemaPath = output.Trim();
        string doc = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "editors.md"));

        Assert.True(exit == 0, output);
        Assert.Equal(Path.Combine(installed.Home, "nuget-packages", "sessiondsl", "0.1.0", "schema", "lifecycle.schema.json"), schemaPath);
        var schema = (JsonObject)JsonNode.Parse(File.ReadAllText(schemaPath))!;
        Assert.Contains($"`{(string?)schema["$id"]}`", doc, StringComparison.Ordinal);
        Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)schema["$schema"]); // Rider: "JSON Schema version 7"
        Assert.Contains("Schema version: `JSON Schema version 7`", doc, StringComparison.Ordinal);

        // Every example path in the page is the packages folder of /home/you followed by what the package lays out.
        string example = "/home/you/.nuget/packages/" + Path.GetRelativePath(Path.Combine(installed.Home, "nuget-packages"), schemaPath).Replace('\\', '/');
        Match vscode = Regex.Match(doc, @"<!-- editor:vscode -->\s*```json\n(?<json>.*?)```", RegexOptions.Singleline);
        var settings = (JsonObject)JsonNode.Parse(vscode.Groups["json"].Value)!["yaml.schemas"]!;
        Assert.Equal(example, Assert.Single(settings).Key);
        Assert.Equal("*.lifecycle.yaml", (string?)settings[example]);
        Assert.Contains($"Schema file or URL: `{example}`", doc, StringComparison.Ordinal);
        Assert.Contains($"$schema={example}`", doc, StringComparison.Ordinal);
        Assert.Contains("File path pattern: `*.lifecycle.yaml`", doc, StringComparison.Ordinal);
    }

    private static XElement Nuspec(ZipArchive zip, string id)
    {
        using Stream stream = zip.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }
}

/// <summary>Runs a bash script as a user's shell would, with the environment a test chooses.</summary>
internal static class Shell
{
    public static (int ExitCode, string Output) Run(string workingDirectory, string script, IReadOnlyDictionary<string, string> environment)
    {
        string file = Path.Combine(Path.GetTempPath(), $"sessiondsl-{Guid.NewGuid():N}.sh");
        File.WriteAllText(file, script);
        try
        {
            return DotNet.RunProgram("bash", workingDirectory, environment, file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
