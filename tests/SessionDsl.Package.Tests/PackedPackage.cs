using Xunit;
using SessionDsl.Tests.Shared;

namespace SessionDsl.Package.Tests;

/// <summary>Packs SessionDsl once per test run into a temporary folder feed.</summary>
public sealed class PackedPackage : IDisposable
{
    public PackedPackage()
    {
        Root = Directory.CreateTempSubdirectory("sessiondsl-package-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        string project = Path.Combine(RepoRoot.Path, "runtime", "SessionDsl.Runtime", "SessionDsl.Runtime.csproj");
        (int exit, string output) = DotNet.Run(Root, "pack", project, "-c", "Release", "-o", Feed, "-p:Version=" + Version);
        PackOutput = output;
        Package = Path.Combine(Feed, $"SessionDsl.{Version}.nupkg");
        if (exit != 0 || !File.Exists(Package))
        {
            throw new InvalidOperationException($"dotnet pack failed ({exit}):\n{output}");
        }
    }

    // A version no real release will have, so nothing cached elsewhere is mistaken for this build.
    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public string Root { get; }

    public string Feed { get; }

    public string Package { get; }

    public string PackOutput { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "packed SessionDsl";
}
