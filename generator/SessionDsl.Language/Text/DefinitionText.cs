using SessionDsl.Language.Model;
using SessionDsl.Language.Parsing;

namespace SessionDsl.Language.Text;

/// <summary>How messages quote a definition: its 1-based line numbers, duration ranges, repeated names.</summary>
internal static class DefinitionText
{
    /// <summary>The 1-based line a span starts on, as messages print it.</summary>
    public static string Line(SourceSpan span) => (span.StartLine + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A duration range as messages print it: <c>1m to any</c>.</summary>
    public static string Range(long? min, long? max) =>
        $"{(min is { } lo ? DurationParser.Format(lo) : "any")} to {(max is { } hi ? DurationParser.Format(hi) : "any")}";

    /// <summary>Each name declared again after its first declaration, with that first one.</summary>
    public static IEnumerable<(Named First, Named Second)> Duplicates(IEnumerable<Named> names)
    {
        var seen = new Dictionary<string, Named>(StringComparer.Ordinal);
        foreach (Named name in names)
        {
            if (seen.TryGetValue(name.Name, out Named first))
            {
                yield return (first, name);
            }
            else
            {
                seen.Add(name.Name, name);
            }
        }
    }
}
