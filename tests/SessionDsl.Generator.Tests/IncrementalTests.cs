using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace SessionDsl.Generator.Tests;

/// <summary>The pipeline's steps are named (<see cref="TrackingNames"/>) so these tests can see what an edit re-ran.</summary>
public class IncrementalTests
{
    /// <summary>Every step name <see cref="TrackingNames"/> declares, found by reflection: a new step cannot be forgotten here.</summary>
    private static readonly string[] Steps = typeof(TrackingNames)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void Every_named_step_runs_and_holds_nothing_of_the_compilation()
    {
        var files = GeneratorHarness.ShippedDefinitions().Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)).ToArray();
        var compilation = GeneratorHarness.Compilation("namespace App; public class Handler { }");
        GeneratorRunResult run = GeneratorHarness.Driver(files, trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.True(Steps.Length >= 5, "TrackingNames lost its steps: " + string.Join(", ", Steps));
        foreach (string step in Steps)
        {
            Assert.True(run.TrackedSteps.ContainsKey(step), $"step {step} is named in TrackingNames but never ran");
            foreach (var (value, _) in run.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                string? found = RoslynObjectFinder.Find(value, step);
                Assert.True(found is null, found);
            }
        }
    }

    [Fact]
    public void The_walker_finds_a_location_or_a_symbol_hidden_in_a_model()
    {
        // The check above is only as good as its walker: one deep in a record and a list must be found.
        var compilation = GeneratorHarness.Compilation("namespace App; public class Handler { }");
        var hidden = new { Name = "x", Items = new List<object> { 1, new KeyValuePair<string, object>("k", Location.None) } };
        var symbol = new[] { (object)compilation.GetTypeByMetadataName("App.Handler")! };

        Assert.Contains("Location", RoslynObjectFinder.Find(hidden, "test"));
        Assert.Contains("ISymbol", RoslynObjectFinder.Find(symbol, "test"));
        Assert.Null(RoslynObjectFinder.Find(new { Name = "x", Items = new[] { 1, 2 } }, "test"));
    }

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

/// <summary>
/// Walks a cached pipeline value through its fields (and the items of any sequence) and names the first thing in it that
/// would keep a compilation alive or break caching: a <see cref="Compilation"/>, <see cref="ISymbol"/>,
/// <see cref="SyntaxNode"/>, <see cref="SyntaxTree"/>, <see cref="SemanticModel"/> or <see cref="Location"/>.
/// </summary>
internal static class RoslynObjectFinder
{
    private static readonly Type[] Forbidden =
        { typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Location) };

    public static string? Find(object? root, string step)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object Value, string Path)>();
        pending.Push((root!, step));
        while (pending.Count > 0)
        {
            var (value, path) = pending.Pop();
            if (value is null or string || value.GetType().IsPrimitive || value.GetType().IsEnum || (!value.GetType().IsValueType && !seen.Add(value)))
            {
                continue;
            }

            Type type = value.GetType();
            if (Forbidden.FirstOrDefault(f => f.IsAssignableFrom(type)) is { } forbidden)
            {
                return $"{path} holds a {forbidden.Name} ({type.Name})";
            }

            if (value is System.Collections.IEnumerable sequence)
            {
                int i = 0;
                foreach (object? item in sequence)
                {
                    pending.Push((item!, $"{path}[{i++}]"));
                }

                continue;
            }

            for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (var field in t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly))
                {
                    pending.Push((field.GetValue(value)!, $"{path}.{field.Name}"));
                }
            }
        }

        return null;
    }
}
