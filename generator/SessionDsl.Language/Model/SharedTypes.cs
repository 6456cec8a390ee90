using SessionDsl.Language.Diagnostics;

namespace SessionDsl.Language.Model;

/// <summary>What a generated shared enum is for.</summary>
public enum EnumRole
{
    Status,
    Event,
    Option,
}

/// <summary>A generated enum shared by the lifecycles listed.</summary>
public sealed record EnumModel(string Namespace, string Name, EnumRole Role, EquatableArray<EnumMemberModel> Members, EquatableArray<string> Lifecycles, string Description);

/// <summary>A member of a shared enum, with the first description any lifecycle gave it.</summary>
public sealed record EnumMemberModel(string Name, string Description);

/// <summary>The shared enums of a set of definitions, the diagnostics comparing them found, and the lifecycles left valid.</summary>
public sealed record SharedTypesResult(EquatableArray<EnumModel> Enums, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<LifecycleModel> ValidLifecycles);
