namespace SessionDsl.Emission;

public static class GeneratorInfo
{
    /// <summary>Written into <c>GeneratedCode</c> attributes; part of the snapshot, so bump it with intent.</summary>
    public const string Version = "0.1.0";
}
