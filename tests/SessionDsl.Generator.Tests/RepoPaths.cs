using SessionDsl.Tests.Shared;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// Finds files of the repository by walking up from the test assembly's folder (not from [CallerFilePath], which CI's
/// deterministic builds map to "/_/").
/// </summary>
internal static class RepoPaths
{
    public static string Root => RepoRoot.Path;

    public static string Definitions => Path.Combine(Root, "definitions");

    public static IReadOnlyList<string> DefinitionFiles =>
        Directory.GetFiles(Definitions, "*.lifecycle.yaml").OrderBy(p => p, StringComparer.Ordinal).ToList();

    public static string TestsDirectory() => Path.Combine(Root, "tests", "SessionDsl.Generator.Tests");
}
