using System.Globalization;

namespace SessionDsl.Language.Parsing;

/// <summary>
/// Durations as people write them in definitions: one or more whole numbers, each with a unit, largest first:
/// <c>30h</c>, <c>48h</c>, <c>15m</c>, <c>1h30m</c>, <c>2d</c>, <c>90s</c>, <c>500ms</c>.
/// </summary>
public static class DurationParser
{
    /// <summary>The longest duration a definition may state: 3650 days, far beyond any session, and safe from overflow.</summary>
    public static readonly long MaxTicks = TimeSpan.FromDays(3650).Ticks;

    private static readonly (string Unit, long Ticks)[] Units =
    {
        ("d", TimeSpan.TicksPerDay),
        ("h", TimeSpan.TicksPerHour),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
    };

    /// <summary>Parses <paramref name="text"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static long? TryParse(string text, out string? error)
    {
        error = null;
        string s = text.Trim();
        if (s.Length == 0)
        {
            error = "a duration is a number with a unit, such as 30h, 15m or 1h30m";
            return null;
        }

        if (s[0] == '-')
        {
            error = "durations cannot be negative";
            return null;
        }

        long total = 0;
        int i = 0;
        int lastUnitRank = -1;
        while (i < s.Length)
        {
            int digitsStart = i;
            while (i < s.Length && char.IsDigit(s[i]))
            {
                i++;
            }

            if (i == digitsStart)
            {
                error = $"expected a number at '{s.Substring(i)}'; a duration is a number with a unit (d, h, m, s, ms), such as 30h or 1h30m";
                return null;
            }

            if (!long.TryParse(s.Substring(digitsStart, i - digitsStart), NumberStyles.None, CultureInfo.InvariantCulture, out long amount)
                || amount > MaxTicks)
            {
                error = "the number is too large";
                return null;
            }

            int rank = -1;
            for (int u = 0; u < Units.Length; u++)
            {
                if (string.CompareOrdinal(s, i, Units[u].Unit, 0, Units[u].Unit.Length) == 0
                    && (Units[u].Unit != "m" || i + 1 >= s.Length || s[i + 1] != 's'))
                {
                    rank = u;
                    break;
                }
            }

            if (rank < 0)
            {
                error = i < s.Length
                    ? $"'{s.Substring(i)}' is not a unit; use d, h, m, s or ms"
                    : $"'{s}' has no unit; write it as {s}h, {s}m or {s}s";
                return null;
            }

            int order = UnitOrder(Units[rank].Unit);
            if (order <= lastUnitRank)
            {
                error = "write units once each, largest first (for example 1h30m)";
                return null;
            }

            lastUnitRank = order;
            i += Units[rank].Unit.Length;
            total += amount * Units[rank].Ticks;
            if (total > MaxTicks)
            {
                error = "durations longer than 3650 days are not supported";
                return null;
            }
        }

        if (total == 0)
        {
            error = "durations must be longer than zero";
            return null;
        }

        return total;
    }

    private static int UnitOrder(string unit) => unit switch
    {
        "d" => 0,
        "h" => 1,
        "m" => 2,
        "s" => 3,
        _ => 4,
    };

    /// <summary>Writes ticks back the way a definition would (<c>30h</c>, <c>1h30m</c>).</summary>
    public static string Format(long ticks)
    {
        var ts = TimeSpan.FromTicks(ticks);
        var parts = new System.Text.StringBuilder();
        if (ts.Days > 0)
        {
            parts.Append(ts.Days).Append('d');
        }

        if (ts.Hours > 0)
        {
            parts.Append(ts.Hours).Append('h');
        }

        if (ts.Minutes > 0)
        {
            parts.Append(ts.Minutes).Append('m');
        }

        if (ts.Seconds > 0)
        {
            parts.Append(ts.Seconds).Append('s');
        }

        if (ts.Milliseconds > 0)
        {
            parts.Append(ts.Milliseconds).Append("ms");
        }

        return parts.Length == 0 ? "0s" : parts.ToString();
    }
}
