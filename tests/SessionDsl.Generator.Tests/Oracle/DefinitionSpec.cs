using System.Globalization;
using System.Text;

namespace SessionDsl.Generator.Tests.Oracle;

/// <summary>
/// A definition as <see cref="RandomDefinitions"/> decided it, before it is written as YAML: what the test meant, to
/// check the generated <c>Description</c> against and to read the one fact a description leaves out (whether a
/// duration option is optional).
/// </summary>
internal sealed record DefinitionSpec(
    int Id,
    string Lifecycle,
    string Namespace,
    string FileName,
    TypeSpec StatusType,
    TypeSpec EventType,
    IReadOnlyList<OptionSpec> Options,
    IReadOnlyList<StateSpec> States,
    IReadOnlyList<NamedText> Events,
    IReadOnlyList<TransitionSpec> Transitions,
    IReadOnlyList<TimerSpec> Timers,
    string? Description,
    IReadOnlySet<string> Categories)
{
    /// <summary>The generated struct's full name.</summary>
    public string TypeName => Namespace + "." + Lifecycle;
}

/// <summary>A status or event type: its name and, when the definition lists them, every member in order.</summary>
internal sealed record TypeSpec(string Name, IReadOnlyList<string>? Members);

internal sealed record NamedText(string Name, string? Text);

internal sealed record StateSpec(string Name, bool Initial, bool Final, string? Text);

internal enum OptionSpecKind
{
    Enum,
    Bool,
    Duration,
}

/// <summary>An option. <see cref="Default"/> is the text written after <c>default:</c>, or null when none is.</summary>
internal sealed record OptionSpec(
    string Name,
    OptionSpecKind Kind,
    IReadOnlyList<string> Values,
    string? Default,
    TimeSpan? Min,
    TimeSpan? Max,
    bool Optional,
    string? EnumType,
    string? Text)
{
    /// <summary>The generated property's name: the option's name with its first letter in upper case (docs/dsl.md, Options).</summary>
    public string PropertyName => char.ToUpperInvariant(Name[0]) + Name[1..];

    /// <summary>The default value as the option holds it when it is not set.</summary>
    public OptionValue DefaultValue => Kind switch
    {
        OptionSpecKind.Enum => OptionValue.Of(Default ?? Values[0]),
        OptionSpecKind.Bool => OptionValue.Of(Default == "true"),
        OptionSpecKind.Duration => OptionValue.Of(Default is null ? null : Durations.Parse(Default)),
        _ => throw new InvalidOperationException(Kind.ToString()),
    };
}

internal sealed record TransitionSpec(IReadOnlyList<string> From, string Event, string To, GuardNode? Guard, string? GuardText, string? Because);

internal sealed record TimerSpec(
    string Name,
    IReadOnlyList<string> In,
    string After,
    string To,
    GuardNode? Guard,
    string? GuardText,
    IReadOnlyList<string>? Start,
    IReadOnlyList<string>? Cancel,
    string? Because,
    bool Restart = true)
{
    public bool IsCountdown => Start is not null;
}

/// <summary>One option's value: an enum member's name, a bool, or a duration (null: absent).</summary>
internal readonly record struct OptionValue(string? Member, bool Flag, TimeSpan? Duration)
{
    public static OptionValue Of(string member) => new(member, false, null);

    public static OptionValue Of(bool flag) => new(null, flag, null);

    public static OptionValue Of(TimeSpan? duration) => new(null, false, duration);
}

/// <summary>Durations as definitions write them (<c>1h30m</c>, <c>500ms</c>), read and written by the tests themselves.</summary>
internal static class Durations
{
    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("d", TimeSpan.TicksPerDay),
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
    ];

    /// <summary>Whole milliseconds only, as the DSL allows.</summary>
    public static string Format(TimeSpan value)
    {
        if (value.Ticks <= 0 || value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "not a DSL duration");
        }

        var text = new StringBuilder();
        long ticks = value.Ticks;
        foreach ((string unit, long unitTicks) in Units)
        {
            if (ticks >= unitTicks)
            {
                text.Append((ticks / unitTicks).ToString(CultureInfo.InvariantCulture)).Append(unit);
                ticks %= unitTicks;
            }
        }

        return text.ToString();
    }

    /// <summary>Reads <c>1h30m</c>, <c>500ms</c>; null when the text is not such a duration.</summary>
    public static TimeSpan? TryParse(string text)
    {
        long total = 0;
        int next = 0;
        int i = 0;
        if (text.Length == 0)
        {
            return null;
        }

        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
            {
                return null;
            }

            int unit = -1;
            for (int u = next; u < Units.Length; u++)
            {
                string name = Units[u].Unit;
                bool matches = string.CompareOrdinal(text, i, name, 0, name.Length) == 0
                    && !(name == "m" && i + 1 < text.Length && text[i + 1] == 's');
                if (matches)
                {
                    unit = u;
                    break;
                }
            }

            if (unit < 0)
            {
                return null;
            }

            i += Units[unit].Unit.Length;
            total = checked(total + checked(amount * Units[unit].Ticks));
            next = unit + 1;
        }

        return TimeSpan.FromTicks(total);
    }

    public static TimeSpan Parse(string text) => TryParse(text) ?? throw new FormatException($"'{text}' is not a duration");

    /// <summary>As the runtime's option text writes a duration: like a definition when exact, otherwise in ticks (<c>…t</c>).</summary>
    public static string FormatOptionText(TimeSpan? value) => value switch
    {
        null => "none",
        { Ticks: > 0 } v when v.Ticks % TimeSpan.TicksPerMillisecond == 0 => Format(v),
        { } v => v.Ticks.ToString(CultureInfo.InvariantCulture) + "t",
    };

    /// <summary>A short human reading of a time offset, for repro steps.</summary>
    public static string Offset(long ticks)
    {
        string sign = ticks < 0 ? "-" : "+";
        long abs = Math.Abs(ticks);
        if (abs == 0)
        {
            return "+0";
        }

        var text = new StringBuilder(sign);
        foreach ((string unit, long unitTicks) in Units)
        {
            if (abs >= unitTicks)
            {
                text.Append((abs / unitTicks).ToString(CultureInfo.InvariantCulture)).Append(unit);
                abs %= unitTicks;
            }
        }

        if (abs > 0)
        {
            text.Append(abs.ToString(CultureInfo.InvariantCulture)).Append('t');
        }

        return text.ToString();
    }
}
