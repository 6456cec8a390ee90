using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace SessionDsl.Generator.Tests;

/// <summary>The pipeline's steps are named (<see cref="TrackingNames"/>) so these tests can see what an edit re-ran.</summary>
public class IncrementalTests
{
    private static readonly string[] Steps =
    {
        TrackingNames.Definitions, TrackingNames.ValidLifecycles, TrackingNames.SharedTypes, TrackingNames.LifecycleSources, TrackingNames.EnumSources,
    };

    [Fact]
    public void An_edit_to_an_unrelated_CSharp_file_regenerates_nothing()
    {
        var files = GeneratorHarness.ShippedDefinitions().Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)).ToArray();
        var compilation = GeneratorHarness.Compilation("namespace App; public class Handler { }");
        GeneratorDriver driver = GeneratorHarness.Driver(files, trackSteps: true).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText("namespace App; public class Handler { public int Count; }", GeneratorHarness.ParseOptions, path: "Source0.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in Steps)
        {
            var outputs = second.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} output was {o.Reason}"));
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o =>
            Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void An_edit_to_one_definition_re_emits_that_lifecycle_only()
    {
        var definitions = GeneratorHarness.ShippedDefinitions().ToArray();
        var files = definitions.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)).ToArray();
        var compilation = GeneratorHarness.Compilation("namespace App; public class Handler { }");
        GeneratorDriver driver = GeneratorHarness.Driver(files, trackSteps: true).RunGenerators(compilation);

        int target = Array.FindIndex(definitions, d => d.Path.EndsWith("standard-customer-initiated.lifecycle.yaml", StringComparison.Ordinal));
        var changed = new InMemoryText(definitions[target].Path, definitions[target].Text.Replace("Inferred. Replies keep the session Active.", "Inferred. A reply keeps it Active."));
        driver = driver.ReplaceAdditionalText(files[target], changed);
        GeneratorRunResult second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        var emitted = second.TrackedSteps[TrackingNames.LifecycleSources].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(4, emitted.Count);
        Assert.Equal(1, emitted.Count(o => o.Reason == IncrementalStepRunReason.Modified));
        Assert.Equal(3, emitted.Count(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.All(second.TrackedSteps[TrackingNames.EnumSources].SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"enum output was {o.Reason}"));
    }
}
