using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace SessionDsl;

/// <summary>
/// Options as text (<c>capacityModel=TabBased; inactivityTimeout=10m; keepOpen=false</c>): what a generated
/// lifecycle's <c>FormatOptions</c> writes and <c>TryParseOptions</c> reads, so that a store keeps options by name and
/// value, readable by a person and independent of the order options are declared in.
/// </summary>
/// <remarks>
/// Durations are written the way a definition writes them (<c>30h</c>, <c>1h30m</c>, <c>500ms</c>) when that is exact,
/// otherwise as a number of 100-nanosecond ticks (<c>6000000001t</c>); an absent optional duration is <c>none</c>.
/// </remarks>
public static class OptionText
{
    /// <summary>What an absent optional duration is written as.</summary>
    public const string None = "none";

    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("d", TimeSpan.TicksPerDay),
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("t", 1),
    ];

    /// <summary>Writes <paramref name="value"/> as a definition would (<c>30h</c>, <c>1h30m</c>), or in ticks (<c>…t</c>) when it has a part below a millisecond or is not positive.</summary>
    public static string FormatDuration(TimeSpan value)
    {
        long ticks = value.Ticks;
        if (ticks <= 0 || ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            return ticks.ToString(CultureInfo.InvariantCulture) + "t";
        }

        var text = new StringBuilder();
        foreach ((string unit, long unitTicks) in Units)
        {
            long amount = ticks / unitTicks;
            if (amount > 0)
            {
                text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
                ticks -= amount * unitTicks;
            }
        }

        return text.ToString();
    }

    /// <summary>Writes an optional duration: <see cref="None"/> when absent.</summary>
    public static string FormatDuration(TimeSpan? value) => value is { } v ? FormatDuration(v) : None;

    /// <summary>Writes a bool as <c>true</c> or <c>false</c>.</summary>
    public static string FormatBoolean(bool value) => value ? "true" : "false";

    /// <summary>
    /// Reads a duration written by <see cref="FormatDuration(TimeSpan)"/> or in a definition: whole numbers with units
    /// (<c>d</c>, <c>h</c>, <c>m</c>, <c>s</c>, <c>ms</c>, <c>t</c> for ticks), each unit once, largest first.
    /// </summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (s.IsEmpty)
        {
            return false;
        }

        bool negative = s[0] == '-';
        if (negative)
        {
            s = s[1..];
        }

        long total = 0;
        int nextUnit = 0;
        bool onlyTicks = true;
        while (!s.IsEmpty)
        {
            int digits = 0;
            while (digits < s.Length && char.IsAsciiDigit(s[digits]))
            {
                digits++;
            }

            if (digits == 0 || !long.TryParse(s[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
            {
                return false;
            }

            s = s[digits..];
            int unit = -1;
            for (int u = nextUnit; u < Units.Length; u++)
            {
                string name = Units[u].Unit;
                if (s.StartsWith(name, StringComparison.Ordinal) && !(name == "m" && s.Length > 1 && s[1] == 's'))
                {
                    unit = u;
                    break;
                }
            }

            if (unit < 0)
            {
                return false;
            }

            try
            {
                total = checked(total + checked(amount * Units[unit].Ticks));
            }
            catch (OverflowException)
            {
                return false;
            }

            s = s[Units[unit].Unit.Length..];
            nextUnit = unit + 1;
            onlyTicks &= Units[unit].Ticks == 1;
        }

        // Only ticks may be written negative or zero: FormatDuration writes those that way, and nothing else does.
        if ((negative || total == 0) && !onlyTicks)
        {
            return false;
        }

        value = TimeSpan.FromTicks(negative ? -total : total);
        return true;
    }

    /// <summary>Reads an optional duration: <see cref="None"/> is absent.</summary>
    public static bool TryParseOptionalDuration(string text, out TimeSpan? value)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim() == None)
        {
            value = null;
            return true;
        }

        bool ok = TryParseDuration(text, out TimeSpan duration);
        value = ok ? duration : null;
        return ok;
    }

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    public static bool TryParseBoolean(string text, out bool value)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.Trim())
        {
            case "true":
                value = true;
                return true;
            case "false":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>Reads the name of a member of <typeparamref name="TEnum"/>; numbers and unknown names are refused.</summary>
    public static bool TryParseEnum<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        string name = text.Trim();
        if (name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && Enum.TryParse(name, ignoreCase: false, out value) && Enum.IsDefined(value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Splits <paramref name="text"/> into its <c>name=value</c> pairs (separated by <c>;</c>). False, with the reason,
    /// when a pair has no <c>=</c> or a name comes twice. For generated code.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static bool TrySplit(string text, out List<KeyValuePair<string, string>> pairs, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        pairs = [];
        foreach (string part in text.Split(';'))
        {
            string pair = part.Trim();
            if (pair.Length == 0)
            {
                continue;
            }

            int equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                error = $"'{pair}' is not of the form name=value";
                return false;
            }

            string name = pair[..equals].Trim();
            foreach (KeyValuePair<string, string> seen in pairs)
            {
                if (seen.Key == name)
                {
                    error = $"option '{name}' is given twice";
                    return false;
                }
            }

            pairs.Add(new(name, pair[(equals + 1)..].Trim()));
        }

        error = null;
        return true;
    }
}
