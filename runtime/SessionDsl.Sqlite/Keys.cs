using Microsoft.Data.Sqlite;
using SessionDsl.Hosting.Storage;

namespace SessionDsl.Sqlite;

/// <summary>
/// A <see cref="StoreKey"/> in a column with no declared type, which keeps an INTEGER as an INTEGER and TEXT as TEXT:
/// the application's own key, as a person reading the store expects it, and 42 never equal to '42'.
/// </summary>
internal static class Keys
{
    public static object Value(StoreKey key) => key.IsText ? key.Text! : key.Integer;

    public static StoreKey Read(SqliteDataReader row, int column) =>
        row.GetFieldType(column) == typeof(string) ? StoreKey.FromText(row.GetString(column)) : StoreKey.FromInteger(row.GetInt64(column));
}
