using System.Globalization;
using System.Runtime.CompilerServices;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Hosting;

/// <summary>
/// The application's keys as a store keeps them: <see cref="long"/> and <see cref="int"/> as integers, <see cref="string"/>
/// as itself, <see cref="Guid"/> in its 36-character form. The type tests fold away when the JIT compiles each key type.
/// </summary>
internal static class KeyCodec<T>
    where T : notnull
{
    public static bool IsSupported =>
        typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(string) || typeof(T) == typeof(Guid);

    public static void EnsureSupported(string role)
    {
        if (!IsSupported)
        {
            throw new NotSupportedException($"A session host's {role} type is {typeof(T).Name}; it takes string, Guid, long or int keys, which a store keeps as the application wrote them.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StoreKey ToStore(T key)
    {
        if (typeof(T) == typeof(long))
        {
            return StoreKey.FromInteger(Unsafe.As<T, long>(ref key));
        }

        if (typeof(T) == typeof(int))
        {
            return StoreKey.FromInteger(Unsafe.As<T, int>(ref key));
        }

        if (typeof(T) == typeof(Guid))
        {
            return StoreKey.FromText(Unsafe.As<T, Guid>(ref key).ToString("D"));
        }

        return StoreKey.FromText((string)(object)key);
    }

    public static bool TryFromStore(StoreKey stored, out T key)
    {
        key = default!;
        if (typeof(T) == typeof(long) && !stored.IsText)
        {
            long value = stored.Integer;
            key = Unsafe.As<long, T>(ref value);
            return true;
        }

        if (typeof(T) == typeof(int) && !stored.IsText && stored.Integer is >= int.MinValue and <= int.MaxValue)
        {
            int value = (int)stored.Integer;
            key = Unsafe.As<int, T>(ref value);
            return true;
        }

        if (typeof(T) == typeof(Guid) && stored.IsText && Guid.TryParseExact(stored.Text, "D", out Guid guid))
        {
            key = Unsafe.As<Guid, T>(ref guid);
            return true;
        }

        if (typeof(T) == typeof(string) && stored.IsText)
        {
            key = (T)(object)stored.Text!;
            return true;
        }

        return false;
    }

    /// <summary>The key in a message: text in quotes, numbers as they are.</summary>
    public static string Format(T key) => key switch
    {
        string text => $"'{text}'",
        IFormattable formattable => $"'{formattable.ToString(null, CultureInfo.InvariantCulture)}'",
        _ => $"'{key}'",
    };
}
