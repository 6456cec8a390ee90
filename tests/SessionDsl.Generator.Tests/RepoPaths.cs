namespace SessionDsl.Generator.Tests;

/// <summary>
/// Finds files of the repository by walking up from the test assembly's folder (not from [CallerFilePath], which CI's
/// deterministic builds map to "/_/").
/// </summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Definitions => Path.Combine(Root, "definitions");

    public static IReadOnlyList<string> DefinitionFiles =>
        Directory.GetFiles(Definitions, "*.lifecycle.yaml").OrderBy(p => p, StringComparer.Ordinal).ToList();

    public static string TestsDirectory() => Path.Combine(Root, "tests", "SessionDsl.Generator.Tests");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SessionDsl.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SessionDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
