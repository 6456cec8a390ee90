using Xunit;
using SessionDsl.Tests.Shared;

namespace SessionDsl.Package.Tests;

/// <summary>
/// The sessiondsl tool as a user gets it: packed into a folder feed, installed with <c>dotnet tool install</c> into a
/// tool folder of the test's own, then run as a process on the repository's definitions and on a broken one.
/// </summary>
public sealed class ToolInstallTests : IDisposable
{
    // A version no real release will have, so no cached SessionDsl.Cli is mistaken for this build.
    private readonly string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
    private readonly string root = Directory.CreateTempSubdirectory("sessiondsl-tool-").FullName;

    [Fact]
    public void The_packed_tool_installs_from_a_folder_feed_and_checks_and_renders()
    {
        string repo = RepoRoot.Path;
        string feed = Path.Combine(root, "feed");
        string tools = Path.Combine(root, "tools");

        // Its own artifacts folder: the other tests of this assembly pack the runtime (and so build the language
        // assembly) in the source tree at the same time.
        (int packExit, string packOutput) = DotNet.Run(root, "pack", Path.Combine(repo, "tools", "SessionDsl.Cli", "SessionDsl.Cli.csproj"),
            "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(root, "artifacts"), "-p:Version=" + version);
        Assert.True(packExit == 0, packOutput);
        Assert.True(File.Exists(Path.Combine(feed, $"SessionDsl.Cli.{version}.nupkg")), packOutput);

        (int installExit, string installOutput) = DotNet.Run(root, "tool", "install", "SessionDsl.Cli", "--tool-path", tools, "--add-source", feed, "--version", version);
        Assert.True(installExit == 0, installOutput);
        string sessiondsl = Path.Combine(tools, OperatingSystem.IsWindows() ? "sessiondsl.exe" : "sessiondsl");
        Assert.True(File.Exists(sessiondsl), installOutput);

        (int checkExit, string checkOutput) = DotNet.RunProgram(sessiondsl, repo, null, "check", "definitions");
        Assert.True(checkExit == 0, checkOutput);
        Assert.Equal("4 definitions checked: 0 errors, 0 warnings", checkOutput.Trim());

        string definition = File.ReadAllText(Path.Combine(repo, "definitions", "standard-customer-initiated.lifecycle.yaml"));
        Assert.Contains("to: Active", definition);
        File.WriteAllText(Path.Combine(root, "broken.lifecycle.yaml"), definition.Replace("to: Active", "to: Nowhere"));
        (int brokenExit, string brokenOutput) = DotNet.RunProgram(sessiondsl, root, null, "check", "broken.lifecycle.yaml");
        Assert.True(brokenExit == 1, brokenOutput);
        Assert.Contains("broken.lifecycle.yaml(", brokenOutput);
        Assert.Contains("): error SDSL0010: 'Nowhere' is not a state", brokenOutput);

        (int renderExit, string renderOutput) = DotNet.RunProgram(sessiondsl, repo, null, "render", "definitions/standard-customer-initiated.lifecycle.yaml", "--format", "dot");
        Assert.True(renderExit == 0, renderOutput);
        Assert.StartsWith("digraph \"StandardCustomerInitiated\"", renderOutput);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
