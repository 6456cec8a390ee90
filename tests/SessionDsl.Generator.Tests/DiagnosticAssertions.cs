using Microsoft.CodeAnalysis;
using Xunit;

namespace SessionDsl.Generator.Tests;

/// <summary>Helpers the diagnostic tests share: positions as people read them, and edits that must hit exactly once.</summary>
internal static class DiagnosticAssertions
{
    /// <summary>The 1-based line and column a diagnostic starts at.</summary>
    public static (int Line, int Column) Position(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        return (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    /// <summary>Replaces <paramref name="find"/>, which must occur exactly once, so a test cannot edit the wrong place.</summary>
    public static string Replace(string text, string find, string replacement)
    {
        Assert.Equal(1, text.Split(find).Length - 1);
        return text.Replace(find, replacement, StringComparison.Ordinal);
    }
}
