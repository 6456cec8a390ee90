namespace SessionDsl.Generator;

/// <summary>Names of the pipeline steps, so tests can assert what was cached after an edit.</summary>
public static class TrackingNames
{
    public const string Definitions = nameof(Definitions);
    public const string ValidLifecycles = nameof(ValidLifecycles);
    public const string SharedTypes = nameof(SharedTypes);
    public const string LifecycleSources = nameof(LifecycleSources);
    public const string EnumSources = nameof(EnumSources);
}
