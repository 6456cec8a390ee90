using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// Generated code compiled as a consumer's build compiles it, only stricter: nullable enabled, every warning of every
/// warning wave (the SDK's default <c>WarningLevel</c> for net10.0 is 10) reported as an error, XML docs checked, and
/// the SDK's implicit global usings in scope.
/// </summary>
internal static class GeneratedCompilation
{
    public static CSharpCompilationOptions Options { get; } = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        generalDiagnosticOption: ReportDiagnostic.Error,
        warningLevel: 9999,
        concurrentBuild: true);

    /// <summary>What <c>ImplicitUsings</c> adds to a Microsoft.NET.Sdk project.</summary>
    private static readonly SyntaxTree GlobalUsings = CSharpSyntaxTree.ParseText(
        "global using global::System;\nglobal using global::System.Collections.Generic;\nglobal using global::System.IO;\nglobal using global::System.Linq;\n"
        + "global using global::System.Net.Http;\nglobal using global::System.Threading;\nglobal using global::System.Threading.Tasks;\n",
        GeneratorHarness.ParseOptions,
        path: "GlobalUsings.g.cs");

    /// <summary>An empty consumer the generator runs over.</summary>
    public static CSharpCompilation Consumer(string assemblyName) =>
        CSharpCompilation.Create(assemblyName, [GlobalUsings], GeneratorHarness.MetadataReferences, Options);

    /// <summary>Problems the compiler reports in generated code: errors, and warnings (errors here); not hidden or info diagnostics.</summary>
    public static bool IsProblem(Diagnostic d) => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError;

    /// <summary>True for a tree the generator added (not the global usings).</summary>
    public static bool IsGenerated(SyntaxTree? tree) => tree is not null && tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) && tree.FilePath != "GlobalUsings.g.cs";
}
