using Microsoft.Data.Sqlite;

namespace SessionDsl.Sqlite;

/// <summary>Prepared commands: made once per connection, then run with new parameter values, never rebuilt.</summary>
internal static class Commands
{
    public static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (string parameter in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = parameter });
        }

        command.Prepare();
        return command;
    }
}
