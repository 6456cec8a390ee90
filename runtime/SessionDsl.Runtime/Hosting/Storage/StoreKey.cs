namespace SessionDsl.Hosting.Storage;

/// <summary>
/// A session or partition key as a store keeps it: an integer (for <see cref="long"/> and <see cref="int"/> keys) or
/// text (for <see cref="string"/> keys, and <see cref="Guid"/> keys in their 36-character form), so that a person
/// reading the store sees the application's own keys.
/// </summary>
public readonly struct StoreKey : IEquatable<StoreKey>
{
    private StoreKey(long integer, string? text)
    {
        Integer = integer;
        Text = text;
    }

    /// <summary>True when the key is text; otherwise it is <see cref="Integer"/>.</summary>
    public bool IsText => Text is not null;

    /// <summary>The key when it is an integer; 0 when it is text.</summary>
    public long Integer { get; }

    /// <summary>The key when it is text; otherwise null.</summary>
    public string? Text { get; }

    /// <summary>An integer key.</summary>
    public static StoreKey FromInteger(long value) => new(value, null);

    /// <summary>A text key.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static StoreKey FromText(string value) => new(0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <inheritdoc />
    public bool Equals(StoreKey other) => Integer == other.Integer && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StoreKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Text is null ? Integer.GetHashCode() : StringComparer.Ordinal.GetHashCode(Text);

    /// <summary>Compares two keys by value.</summary>
    public static bool operator ==(StoreKey left, StoreKey right) => left.Equals(right);

    /// <summary>Compares two keys by value.</summary>
    public static bool operator !=(StoreKey left, StoreKey right) => !left.Equals(right);

    /// <summary>The key as text: the text itself, or the integer in invariant digits.</summary>
    public override string ToString() => Text ?? Integer.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
