using Microsoft.Data.Sqlite;

namespace SessionDsl.Sqlite;

/// <summary>
/// The readers' side of the names table: the name of each id, shared by every read connection. Only committed names
/// reach it (it is filled from what a reader sees), and a committed id never changes its name, so it is never wrong,
/// only incomplete; an id it lacks is loaded with every name added since, on the reader's own connection, inside the
/// read that met the id.
/// </summary>
internal sealed class NameLookup
{
    // Ids are given densely from 1, so an array indexed by id is the cheapest lookup for a million rows' names.
    private const long MaxId = 1 << 24;

    private readonly object _gate = new();
    private volatile string?[] _names = [];

    /// <summary>The name of <paramref name="id"/>, or null when the names table (as the reader sees it) has no such id.</summary>
    public string? NameOf(long id, SqliteCommand loadAfter)
    {
        string?[] names = _names;
        if ((ulong)id < (ulong)names.Length && names[id] is { } name)
        {
            return name;
        }

        return Load(id, loadAfter);
    }

    private string? Load(long id, SqliteCommand loadAfter)
    {
        lock (_gate)
        {
            string?[] names = _names;
            if ((ulong)id < (ulong)names.Length && names[id] is { } known)
            {
                return known;
            }

            // Read every name after the highest id known; a reader that met the id sees the commit that added it.
            loadAfter.Parameters[0].Value = names.Length - 1L;
            var loaded = new List<(long Id, string Name)>();
            using (SqliteDataReader reader = loadAfter.ExecuteReader())
            {
                while (reader.Read())
                {
                    long loadedId = reader.GetInt64(0);
                    if (loadedId is < 0 or > MaxId)
                    {
                        return null;
                    }

                    loaded.Add((loadedId, reader.GetString(1)));
                }
            }

            if (loaded.Count > 0)
            {
                long highest = loaded.Max(n => n.Id);
                string?[] grown = new string?[Math.Max(highest + 1, names.Length)];
                names.CopyTo(grown, 0);
                foreach ((long loadedId, string loadedName) in loaded)
                {
                    grown[loadedId] = loadedName;
                }

                _names = grown;
                names = grown;
            }

            return (ulong)id < (ulong)names.Length ? names[id] : null;
        }
    }
}
