using System.Runtime.CompilerServices;

namespace SessionDsl.Hosting;

/// <summary>
/// A generated enum's members as small integers (their positions: generated enums number members from 0) and their
/// names, cached once per type, so the host can index arrays by status or event and write names without allocating.
/// </summary>
internal static class EnumIndex<T>
    where T : struct, Enum
{
    private static readonly string[] Names = Build();
    private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>().DistinctBy(v => v.ToString()).ToDictionary(v => v.ToString(), StringComparer.Ordinal);

    /// <summary>How many values index the name table (the largest defined value plus one).</summary>
    public static int Count => Names.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(T value) => Unsafe.SizeOf<T>() switch
    {
        1 => Unsafe.As<T, byte>(ref value),
        2 => Unsafe.As<T, ushort>(ref value),
        4 => Unsafe.As<T, int>(ref value),
        _ => (int)Unsafe.As<T, long>(ref value),
    };

    /// <summary>The member's name; for a value outside the enum, its number.</summary>
    public static string Name(T value)
    {
        int index = Of(value);
        return (uint)index < (uint)Names.Length && Names[index] is { } name ? name : value.ToString();
    }

    /// <summary>The member named <paramref name="name"/>; false for any other text.</summary>
    public static bool TryParse(string? name, out T value) => ByName.TryGetValue(name ?? string.Empty, out value);

    private static string[] Build()
    {
        T[] values = Enum.GetValues<T>();
        int count = 0;
        foreach (T value in values)
        {
            int index = Of(value);
            if (index < 0 || index > 65_535)
            {
                throw new NotSupportedException($"{typeof(T).Name} has a member with value {index}; the session host takes enums numbered from 0, as SessionDsl generates them.");
            }

            count = Math.Max(count, index + 1);
        }

        var names = new string[count];
        foreach (T value in values)
        {
            names[Of(value)] ??= value.ToString();
        }

        return names;
    }
}

/// <summary>A set of statuses (or events) as a bit set over their <see cref="EnumIndex{T}"/> positions.</summary>
internal sealed class EnumSet<T>
    where T : struct, Enum
{
    private readonly ulong[] _bits = new ulong[(EnumIndex<T>.Count + 63) / 64];

    public EnumSet(IEnumerable<T> members)
    {
        foreach (T member in members)
        {
            int index = EnumIndex<T>.Of(member);
            _bits[index >> 6] |= 1UL << (index & 63);
            Members.Add(member);
        }
    }

    /// <summary>The members, in the order given.</summary>
    public List<T> Members { get; } = [];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(T value)
    {
        int index = EnumIndex<T>.Of(value);
        return (uint)index < (uint)(_bits.Length << 6) && (_bits[index >> 6] & (1UL << (index & 63))) != 0;
    }

    public bool SameAs(EnumSet<T> other) => _bits.AsSpan().SequenceEqual(other._bits);

    public override string ToString() => string.Join(" or ", Members.Select(EnumIndex<T>.Name));
}
