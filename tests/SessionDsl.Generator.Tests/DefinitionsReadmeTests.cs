using System.Text;
using SessionDsl.Language;
using SessionDsl.Emission;
using Xunit;

namespace SessionDsl.Generator.Tests;

/// <summary>definitions/README.md shows the diagrams generated from the definitions, never stale ones.</summary>
public class DefinitionsReadmeTests
{
    [Fact]
    public void Definitions_readme_shows_the_diagrams_generated_from_the_current_definitions()
    {
        string readmePath = Path.Combine(RepoPaths.Definitions, "README.md");
        string readme = File.ReadAllText(readmePath).Replace("\r\n", "\n");
        string expected = WithDiagrams(readme);

        if (expected == readme)
        {
            return;
        }

        if (Snapshot.Accepting)
        {
            File.WriteAllText(readmePath, expected);
            return;
        }

        Assert.Fail("definitions/README.md is stale: its diagrams differ from the definitions. Run the tests with SESSIONDSL_ACCEPT=1 to regenerate them.");
    }

    [Fact]
    public void The_repository_readme_shows_generated_diagrams_too()
    {
        string readmePath = Path.Combine(RepoPaths.Root, "README.md");
        string readme = File.ReadAllText(readmePath).Replace("\r\n", "\n");
        Assert.Contains("<!-- diagram:EnhancedCustomerInitiated:begin -->", readme);
        string expected = WithDiagrams(readme, appendMissing: false);

        if (expected == readme)
        {
            return;
        }

        if (Snapshot.Accepting)
        {
            File.WriteAllText(readmePath, expected);
            return;
        }

        Assert.Fail("README.md shows a stale diagram. Run the tests with SESSIONDSL_ACCEPT=1 to regenerate it.");
    }

    internal static string WithDiagrams(string readme, bool appendMissing = true)
    {
        foreach (string path in RepoPaths.DefinitionFiles)
        {
            var result = LifecycleDefinition.Read(Path.GetFileName(path), File.ReadAllText(path));
            var lifecycle = result.Valid ?? throw new InvalidOperationException($"{path} has errors: {string.Join("; ", result.Diagnostics)}");
            string begin = $"<!-- diagram:{lifecycle.Name}:begin -->";
            string end = $"<!-- diagram:{lifecycle.Name}:end -->";
            var block = new StringBuilder()
                .Append(begin).Append('\n')
                .Append("### ").Append(lifecycle.Name).Append("\n\n")
                .Append(lifecycle.Description).Append(" (`").Append(Path.GetFileName(path)).Append("`)\n\n")
                .Append("```mermaid\n").Append(MermaidWriter.Write(lifecycle)).Append("```\n")
                .Append(end)
                .ToString();

            int start = readme.IndexOf(begin, StringComparison.Ordinal);
            int stop = readme.IndexOf(end, StringComparison.Ordinal);
            if (start >= 0 && stop > start)
            {
                readme = readme.Substring(0, start) + block + readme.Substring(stop + end.Length);
            }
            else if (appendMissing)
            {
                readme = readme.TrimEnd('\n') + "\n\n" + block + "\n";
            }
        }

        return readme;
    }
}

/// <summary>The README's excerpt of generated code is generated code: every line of it stands in the approved snapshot.</summary>
public class ReadmeExcerptTests
{
    [Fact]
    public void The_readme_excerpt_of_generated_code_matches_the_snapshot()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).Replace("\r\n", "\n");
        int heading = readme.IndexOf("### An excerpt of the generated code", StringComparison.Ordinal);
        Assert.True(heading >= 0, "README.md has no excerpt of generated code");
        int start = readme.IndexOf("```csharp\n", heading, StringComparison.Ordinal) + "```csharp\n".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        string[] snapshot = File.ReadAllLines(Path.Combine(RepoPaths.TestsDirectory(), "Snapshots", "SessionDsl.Messaging.EnhancedCustomerInitiated.approved.cs"));

        foreach (string line in readme.Substring(start, end - start).Split('\n').Where(l => l.Trim().Length > 0 && l.Trim() != "..."))
        {
            bool abridged = line.EndsWith("...", StringComparison.Ordinal);
            string text = abridged ? line.Substring(0, line.Length - 3) : line;
            Assert.True(
                snapshot.Any(s => abridged ? s.StartsWith(text, StringComparison.Ordinal) : s == text),
                $"README excerpt line is not in the generated code:\n{line}");
        }
    }
}
