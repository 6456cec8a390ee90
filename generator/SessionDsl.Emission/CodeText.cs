using System.Globalization;
using System.Text;

namespace SessionDsl.Emission;

/// <summary>Escaping for the places generated text lands: C# string literals, XML doc comments, line comments.</summary>
public static class CodeText
{
    public static string Literal(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                default:
                    if (char.IsControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085' || IsLoneSurrogate(value, i))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    public static string Xml(string value) => OneLine(value)
        .Replace("&", "&amp;")
        .Replace("<", "&lt;")
        .Replace(">", "&gt;");

    /// <summary>
    /// Folds a value onto one line so it cannot end a comment or start code; a character XML cannot hold (a lone half
    /// of a surrogate pair, U+FFFE, U+FFFF) becomes U+FFFD, so that the text is safe in a doc comment too (CS1570).
    /// </summary>
    public static string OneLine(string value)
    {
        var builder = new StringBuilder(value.Length);
        bool space = false;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (IsLoneSurrogate(value, i) || c is '\uFFFE' or '\uFFFF')
            {
                c = '\uFFFD';
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Wraps prose to lines of about <paramref name="width"/> characters, for XML doc comments.</summary>
    public static IReadOnlyList<string> Wrap(string value, int width = 110)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (string word in OneLine(value).Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>True when the character at <paramref name="i"/> is half of a surrogate pair without its other half.</summary>
    private static bool IsLoneSurrogate(string value, int i) =>
        char.IsHighSurrogate(value[i]) ? i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])
        : char.IsLowSurrogate(value[i]) && (i == 0 || !char.IsHighSurrogate(value[i - 1]));

    /// <summary>
    /// A literal for a long text: cut after spaces into pieces of about <paramref name="width"/> characters joined by
    /// <c>+</c>, each further piece on its own line at <paramref name="indent"/>. The compiler joins them into one constant.
    /// </summary>
    public static string WrappedLiteral(string? value, string indent, int width)
    {
        if (value is null || value.Length <= width)
        {
            return Literal(value);
        }

        var pieces = new List<string>();
        int start = 0;
        while (value.Length - start > width)
        {
            int cut = value.LastIndexOf(' ', start + width, width);
            cut = cut <= start ? start + width : cut + 1;
            pieces.Add(value.Substring(start, cut - start));
            start = cut;
        }

        pieces.Add(value.Substring(start));
        return string.Join(" +\n" + indent, pieces.Select(Literal));
    }

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
