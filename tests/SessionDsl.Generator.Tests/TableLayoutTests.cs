using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// The generator lays a transition table out narrow (next status, outcome and transition index packed in a uint32 per
/// cell) when it can and wide (target and index in a uint32, the rest decided in code) when a lifecycle has more than
/// 255 states; it resolves guards into per-option copies of the table up to six option tests
/// and evaluates them in code beyond. The shipped definitions only exercise the narrow, resolved form, so these tests
/// compile and run the other forms.
/// </summary>
public class TableLayoutTests
{
    [Theory]
    [InlineData(255, "bits 8-15 the outcome")] // the most a narrow cell's status byte holds
    [InlineData(256, "bit 30")]
    [InlineData(300, "bit 30")]
    public void A_lifecycle_with_many_states_picks_its_cell_layout_and_still_transitions_correctly(int states, string layout)
    {
        var yaml = new StringBuilder("lifecycle: Chain\nnamespace: Layout.Wide\nstatusType: ChainState\neventType: ChainEvent\nstates:\n");
        for (int s = 0; s < states; s++)
        {
            yaml.Append("  S").Append(s).Append(s == 0 ? ": { initial: true }\n" : s == states - 1 ? ": { final: true }\n" : ": x\n");
        }

        yaml.Append("events:\n  Next: x\n  Jump: x\ntransitions:\n");
        for (int s = 0; s < states - 1; s++)
        {
            yaml.Append("  - { from: S").Append(s).Append(", on: Next, to: S").Append(s + 1).Append(", because: x }\n");
        }

        int last = states - 1;
        yaml.Append("  - { from: S0, on: Jump, to: S").Append(last - 1).Append(", because: x }\n");

        Type lifecycle = CompileAndLoad(yaml.ToString(), "Layout.Wide.Chain", out string source);

        Assert.Contains(layout, source);
        Assert.Equal(("Applied", $"S{last - 1}", last), Fire(lifecycle, "S0", "Jump"));
        Assert.Equal(("Applied", $"S{last}", last - 1), Fire(lifecycle, $"S{last - 1}", "Next"));
        Assert.Equal(("NotPermitted", "S5", -1), Fire(lifecycle, "S5", "Jump"));
        Assert.Equal(("NotPermitted", $"S{last}", -1), Fire(lifecycle, $"S{last}", "Next"));
    }

    [Fact]
    public void A_lifecycle_with_more_than_six_option_tests_evaluates_its_guards_in_code()
    {
        var yaml = new StringBuilder("lifecycle: Many\nnamespace: Layout.Guards\nstatusType: ManyState\neventType: ManyEvent\noptions:\n");
        for (int o = 0; o < 7; o++)
        {
            yaml.Append("  flag").Append(o).Append(": { type: bool }\n");
        }

        yaml.Append("states:\n  Start: { initial: true }\n");
        for (int o = 0; o < 7; o++)
        {
            yaml.Append("  T").Append(o).Append(": x\n");
        }

        yaml.Append("  End: { final: true }\nevents:\n  Go: x\n  Stop: x\ntransitions:\n");
        for (int o = 0; o < 7; o++)
        {
            string guard = string.Join(" and ", Enumerable.Range(0, 7).Select(i => i < o ? $"not flag{i}" : i == o ? $"flag{i}" : null).Where(g => g is not null));
            yaml.Append("  - { from: Start, on: Go, to: T").Append(o).Append(", when: ").Append(guard).Append(", because: x }\n");
            yaml.Append("  - { from: T").Append(o).Append(", on: Stop, to: End, because: x }\n");
        }

        yaml.Append("  - { from: Start, on: Stop, to: End, because: x }\n");

        Type lifecycle = CompileAndLoad(yaml.ToString(), "Layout.Guards.Many", out string source);

        Assert.Contains("FireGuarded", source);
        Assert.Contains("bits 8-15 the outcome", source);
        Assert.Equal(("GuardRejected", "Start", -1), Fire(lifecycle, "Start", "Go"));
        Assert.Equal(("Applied", "T2", 4), Fire(lifecycle, "Start", "Go", options => { Set(options, "Flag2", true); Set(options, "Flag5", true); }));
        Assert.Equal(("Applied", "T0", 0), Fire(lifecycle, "Start", "Go", options => Set(options, "Flag0", true)));
    }

    private static Type CompileAndLoad(string yaml, string typeName, out string source)
    {
        var run = GeneratorHarness.RunOn(("layout.lifecycle.yaml", yaml));
        Assert.DoesNotContain(run.Diagnostics.Select(d => d.ToString()), d => d.Contains("error", StringComparison.Ordinal));
        Assert.Empty(run.CompilationProblems.Select(d => d.ToString()));
        source = run.Source(typeName + ".g.cs");
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        Assembly assembly = new AssemblyLoadContext(typeName, isCollectible: true).LoadFromStream(image);
        return assembly.GetType(typeName, throwOnError: true)!;
    }

    private static void Set(object options, string property, bool value) => options.GetType().GetProperty(property)!.SetValue(options, value);

    private static (string Outcome, string To, int Index) Fire(Type lifecycle, string from, string @event, Action<object>? configure = null)
    {
        Type optionsType = lifecycle.GetNestedType("Options")!;
        object options = Activator.CreateInstance(optionsType)!;
        configure?.Invoke(options);
        MethodInfo fire = lifecycle.GetMethods().Single(m => m.Name == "Fire" && m.GetParameters().Length == 3);
        Type status = fire.GetParameters()[0].ParameterType;
        Type eventType = fire.GetParameters()[1].ParameterType;
        object result = fire.Invoke(null, new[] { Enum.Parse(status, from), Enum.Parse(eventType, @event), options })!;
        Type type = result.GetType();
        return (type.GetProperty("Outcome")!.GetValue(result)!.ToString()!, type.GetProperty("To")!.GetValue(result)!.ToString()!, (int)type.GetProperty("TransitionIndex")!.GetValue(result)!);
    }
}
