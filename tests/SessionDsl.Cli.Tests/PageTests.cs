using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using SessionDsl.Tests.Shared;

namespace SessionDsl.Cli.Tests;

/// <summary>What <c>sessiondsl page</c> writes, read as text; SessionDsl.Page.Tests runs the pages in Chromium.</summary>
public sealed class PageTests
{
    [Fact]
    public void Each_definition_gets_one_self_contained_page_with_its_lifecycle_and_the_mermaid_library_inlined()
    {
        using var folder = new TemporaryFolder();
        CliRun run = CliRun.Of(RepoPaths.Root, "page", "definitions", "--output", folder.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        string[] expected = ["EnhancedBusinessInitiated.html", "EnhancedCustomerInitiated.html", "StandardBusinessInitiated.html", "StandardCustomerInitiated.html"];
        Assert.Equal(expected, Directory.GetFiles(folder.Path).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray());
        string html = File.ReadAllText(Path.Combine(folder.Path, "EnhancedCustomerInitiated.html"));

        // Nothing is fetched when the page is viewed: no script, style or image from elsewhere.
        // (The scripts' own text is left out: the Mermaid library holds HTML in its strings.)
        string markup = Regex.Replace(html, "(<script[^>]*>).*?</script>", "$1</script>", RegexOptions.Singleline);
        Assert.Equal(3, Regex.Matches(markup, "<script").Count);
        Assert.DoesNotMatch(new Regex("<(script|img|iframe)[^>]+src=|<link[^>]+href=|https?://[^\\s\"]+\\.(js|css)", RegexOptions.IgnoreCase), markup);
        Assert.Contains("globalThis.mermaid", html, StringComparison.Ordinal);
        Assert.Contains("<!-- mermaid 12.3.0 (MIT licence", html, StringComparison.Ordinal);

        // The lifecycle, with each guard decided for every combination of the option values it depends on.
        string json = Regex.Match(html, "<script type=\"application/json\" id=\"lifecycle\">(?<json>.*?)</script>", RegexOptions.Singleline).Groups["json"].Value;
        using JsonDocument model = JsonDocument.Parse(json);
        JsonElement root = model.RootElement;
        Assert.Equal("EnhancedCustomerInitiated", root.GetProperty("name").GetString());
        string[] mentioned = ["capacityModel", "channel"]; // the options the guards test
        Assert.Equal(mentioned, root.GetProperty("mentioned").EnumerateArray().Select(e => e.GetString()!).ToArray());
        JsonElement repOffline = root.GetProperty("transitions").EnumerateArray().First(t => t.GetProperty("event").GetString() == "RepOffline" && t.GetProperty("to").GetString() == "Waiting");
        string[] holds = [.. repOffline.GetProperty("holds").EnumerateArray().Select(e => e.GetString()!)];
        Assert.Equal(8, holds.Length); // capacityModel == TabBased, with each of the 8 channels
        Assert.All(holds, key => Assert.StartsWith("TabBased|", key, StringComparison.Ordinal));
        Assert.Contains("<button type=\"button\" data-event=\"Accept\">Accept</button>", html, StringComparison.Ordinal);
        Assert.Contains("data-absent=\"inactivityTimeout\" checked", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_needs_an_output_folder_and_refuses_a_definition_with_errors()
    {
        using var folder = new TemporaryFolder();
        folder.Write("broken.lifecycle.yaml", File.ReadAllText(Path.Combine(RepoPaths.Definitions, "standard-customer-initiated.lifecycle.yaml")).Replace("to: Active", "to: Actve", StringComparison.Ordinal));

        Assert.Equal(2, CliRun.Of(folder.Path, "page", "broken.lifecycle.yaml").ExitCode);
        CliRun broken = CliRun.Of(folder.Path, "page", "broken.lifecycle.yaml", "-o", "out");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("error SDSL0010: 'Actve' is not a state", broken.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "out")));
    }
}
