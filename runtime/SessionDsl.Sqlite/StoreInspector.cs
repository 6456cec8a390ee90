using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SessionDsl.Sqlite;

/// <summary>
/// Looks at an existing file before the store writes to it, through a read-only connection: only an empty database or
/// a complete SessionDsl store of a version this library reads is opened for writing; anything else is refused with a
/// message that says what the file is.
/// </summary>
internal static class StoreInspector
{
    private const int ListedObjects = 20;

    /// <summary>True when the file is new or an empty database (the schema must be created); false when it is a store to open.</summary>
    /// <exception cref="Hosting.Storage.SessionStoreException">The file is not a store this library can use.</exception>
    public static bool NeedsSchema(string path, string readOnlyConnectionString)
    {
        // A new WAL database may keep everything in its -wal file while the main file is still empty, so only a
        // missing file is taken for new without looking inside.
        if (!File.Exists(path))
        {
            return true;
        }

        using var connection = new SqliteConnection(readOnlyConnectionString);
        try
        {
            connection.Open();
            int applicationId = Convert.ToInt32(Scalar(connection, "PRAGMA application_id"), CultureInfo.InvariantCulture);
            int version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            List<(string Type, string Name)> objects = Objects(connection);
            var tables = objects.Where(o => o.Type == "table").Select(o => o.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

            if (applicationId == Schema.ApplicationId)
            {
                if (version > Schema.Version)
                {
                    throw StoreErrors.Newer(path, version, CreatedBy(connection));
                }

                string[] missing = Schema.Tables.Where(t => !tables.Contains(t)).ToArray();
                if (version < 1 || missing.Length > 0)
                {
                    throw StoreErrors.Incomplete(path, version < 1 ? $"its schema version is {version}" : $"it lacks table {string.Join(", ", missing)}");
                }

                return false;
            }

            if (objects.Count == 0 && applicationId == 0)
            {
                return true;
            }

            if (applicationId == 0 && Schema.Tables.Any(tables.Contains))
            {
                throw StoreErrors.Incomplete(path, $"it has SessionDsl's tables but application_id 0; it holds {Describe(objects)}");
            }

            throw StoreErrors.Foreign(path, applicationId, DescribeEach(objects));
        }
        catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) == 26)
        {
            throw StoreErrors.NotADatabase(path, e);
        }
        catch (SqliteException e)
        {
            throw StoreErrors.Reading(path, "opening the store", e);
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static List<(string Type, string Name)> Objects(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid";
        using SqliteDataReader reader = command.ExecuteReader();
        var objects = new List<(string, string)>();
        while (reader.Read())
        {
            objects.Add((reader.GetString(0), reader.GetString(1)));
        }

        return objects;
    }

    // A newer schema may keep created_by elsewhere; the message does without it then.
    private static string? CreatedBy(SqliteConnection connection)
    {
        try
        {
            return Scalar(connection, $"SELECT value FROM meta WHERE name = '{Schema.Meta.CreatedBy}'") as string;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    private static List<string> DescribeEach(List<(string Type, string Name)> objects)
    {
        List<string> described = objects.Take(ListedObjects).Select(o => $"{o.Type} {o.Name}").ToList();
        if (objects.Count > ListedObjects)
        {
            described.Add($"{objects.Count - ListedObjects} more");
        }

        return described;
    }

    private static string Describe(List<(string Type, string Name)> objects) => string.Join(", ", DescribeEach(objects));
}
