namespace SessionDsl.Tests.Shared;

/// <summary>
/// The repository's root folder, found by walking up from the test assembly's folder to SessionDsl.sln (not from
/// [CallerFilePath], which CI's deterministic builds map to "/_/"). One copy, linked into every test project that reads
/// the repository's files.
/// </summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SessionDsl.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SessionDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
