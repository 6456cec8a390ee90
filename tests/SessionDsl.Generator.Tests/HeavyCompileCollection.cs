using Xunit;

namespace SessionDsl.Generator.Tests;

/// <summary>
/// The fuzz and oracle tests each keep both cores busy compiling generated code for about a minute; run side by side
/// they only take turns and both look slow. In one collection xUnit runs them one after the other, while the rest of
/// the project's tests still run beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HeavyCompileCollection
{
    public const string Name = "Tests that compile generated code by the thousand";
}
