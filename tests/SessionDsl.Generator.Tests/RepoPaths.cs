using System.Runtime.CompilerServices;

namespace SessionDsl.Generator.Tests;

/// <summary>Finds files of the repository from the test's own source location, so tests run from any folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Definitions => Path.Combine(Root, "definitions");

    public static IReadOnlyList<string> DefinitionFiles =>
        Directory.GetFiles(Definitions, "*.lifecycle.yaml").OrderBy(p => p, StringComparer.Ordinal).ToList();

    public static string TestsDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static string FindRoot([CallerFilePath] string path = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(path)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SessionDsl.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SessionDsl.sln not found above " + path);
    }
}
