using System.Globalization;
using System.Reflection;
using System.Text;
using SessionDsl.Hosting;

namespace SessionDsl.Sqlite;

/// <summary>
/// The store's schema, version 1: the one home of its table, column and view definitions. The comments inside the
/// CREATE statements are kept by SQLite, so <c>.schema</c> in the sqlite3 shell shows them to a person reading a store.
/// </summary>
internal static class Schema
{
    /// <summary>The schema version written to <c>PRAGMA user_version</c> and the meta table.</summary>
    public const int Version = 1;

    /// <summary>SessionDsl's <c>PRAGMA application_id</c>: the bytes 'SDSL'.</summary>
    public const int ApplicationId = 0x5344534C;

    /// <summary>A session's countdown slots, as <see cref="Hosting.Storage.StoredSession"/> holds them.</summary>
    public const int Countdowns = 4;

    /// <summary>The tables a version-1 store has; a database holding any of them is taken for one of ours.</summary>
    public static readonly string[] Tables = ["meta", "names", "sessions", "changes", "subscribers", "checkpoints"];

    /// <summary>This assembly as the meta table's <c>created_by</c> names it, for example "SessionDsl.Sqlite 0.1.0".</summary>
    public static readonly string CreatedBy = "SessionDsl.Sqlite " + LibraryVersion();

    /// <summary>The meta table's rows.</summary>
    public static class Meta
    {
        public const string SchemaVersion = "schema_version";
        public const string CreatedBy = "created_by";
        public const string CreatedAt = "created_at";
        public const string LastPosition = "last_position";
        public const string LastSequence = "last_sequence";
    }

    /// <summary>The sessions table's columns in the order the store writes and reads them.</summary>
    public static readonly string[] SessionColumns = BuildSessionColumns();

    /// <summary>The changes table's columns in the order the store writes and reads them.</summary>
    public static readonly string[] ChangeColumns =
        ["position", "at", "kind", "key", "partition_key", "lifecycle", "from_status", "to_status", "event", "timer", "related", "reason", "rule"];

    /// <summary>The statements that create an empty store, run in one transaction.</summary>
    public static IEnumerable<string> Create()
    {
        // Both pragmas live in the file header and are written by the same transaction as the tables.
        yield return $"PRAGMA application_id = {ApplicationId}";
        yield return $"PRAGMA user_version = {Version}";
        yield return Table("meta", "facts about this store, one a row", withoutRowId: true,
            ("name TEXT PRIMARY KEY", "schema_version, created_by, created_at, last_position, last_sequence"),
            ("value NOT NULL", ""));
        yield return Table("names", "every repeated text, stored once: lifecycle, status, event, timer and rule names, options texts", withoutRowId: false,
            ("id INTEGER PRIMARY KEY", ""),
            ("name TEXT NOT NULL UNIQUE", ""));
        List<(string, string)> sessions =
        [
            ("sequence INTEGER PRIMARY KEY", "the host's start sequence (the rowid), so rows are in start order"),
            ("key NOT NULL UNIQUE", "the application's key: INTEGER or TEXT as the application gave it"),
            ("partition_key NOT NULL", "the partition the rules across sessions span: INTEGER or TEXT"),
            ("lifecycle INTEGER NOT NULL", "names.id"),
            ("status INTEGER NOT NULL", "names.id"),
            ("entered_at INTEGER NOT NULL", "UTC ticks (100 ns since 0001-01-01) the status was entered"),
            ("options INTEGER NOT NULL", "names.id of the text the lifecycle's FormatOptions wrote"),
            ("started_at INTEGER NOT NULL", "UTC ticks"),
            ("last_modified INTEGER NOT NULL", "UTC ticks"),
            ("reason TEXT", "why the session entered its status, when the caller said"),
        ];
        for (int slot = 0; slot < Countdowns; slot++)
        {
            sessions.Add(($"countdown{slot}_timer INTEGER", "names.id of the timer counting down in this slot, or NULL"));
            sessions.Add(($"countdown{slot}_at INTEGER", "UTC ticks it was last started, or NULL"));
        }

        yield return Table("sessions", "one row a live session", withoutRowId: false, [.. sessions]);
        yield return Table("changes", "the changes feed, in position order", withoutRowId: false,
            ("position INTEGER PRIMARY KEY", ""),
            ("at INTEGER NOT NULL", "UTC ticks: a timer's deadline, the clock's time otherwise"),
            ("kind INTEGER NOT NULL", KindNumbers()),
            ("key NOT NULL", "the session's key: INTEGER or TEXT"),
            ("partition_key NOT NULL", "INTEGER or TEXT"),
            ("lifecycle INTEGER NOT NULL", "names.id"),
            ("from_status INTEGER NOT NULL", "names.id"),
            ("to_status INTEGER NOT NULL", "names.id"),
            ("event INTEGER", "names.id, for Transition and Merged"),
            ("timer INTEGER", "names.id, for TimerFired"),
            ("related", "for Merged: the key of the session it was merged into"),
            ("reason TEXT", ""),
            ("rule INTEGER", "names.id, for Merged: the rule that merged it"));
        yield return Table("subscribers", "how far each reader of the changes feed has acknowledged", withoutRowId: true,
            ("name TEXT PRIMARY KEY", ""),
            ("position INTEGER NOT NULL", ""));
        yield return Table("checkpoints", "values the application commits with its sessions", withoutRowId: true,
            ("name TEXT PRIMARY KEY", ""),
            ("value TEXT NOT NULL", ""));
        yield return SessionsView();
        yield return ChangesView();
    }

    // One column a line, its comment after the comma, so that .schema reads as a table of columns.
    private static string Table(string name, string comment, bool withoutRowId, params (string Definition, string Comment)[] columns)
    {
        int width = columns.Max(c => c.Definition.Length) + 1;
        var table = new StringBuilder($"CREATE TABLE {name}(  -- {comment}");
        for (int i = 0; i < columns.Length; i++)
        {
            string definition = columns[i].Definition + (i < columns.Length - 1 ? "," : "");
            table.Append("\n    ").Append(columns[i].Comment.Length == 0 ? definition : definition.PadRight(width) + " -- " + columns[i].Comment);
        }

        return table.Append(withoutRowId ? "\n) WITHOUT ROWID" : "\n)").ToString();
    }

    /// <summary>The meta rows of a new store.</summary>
    public static IEnumerable<(string Name, object Value)> InitialMeta(DateTimeOffset now) =>
    [
        (Meta.SchemaVersion, Version),
        (Meta.CreatedBy, CreatedBy),
        (Meta.CreatedAt, now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
        (Meta.LastPosition, 0L),
        (Meta.LastSequence, 0L),
    ];

    private static string SessionsView()
    {
        var view = new StringBuilder($"""
            CREATE VIEW sessions_view AS   -- sessions with names and ISO-8601 UTC times
            SELECT sequence, key, partition_key,
                {Name("lifecycle")} AS lifecycle,
                {Name("status")} AS status,
                {Iso("entered_at")} AS entered_at,
                {Name("options")} AS options,
                {Iso("started_at")} AS started_at,
                {Iso("last_modified")} AS last_modified,
                reason
            """);
        for (int slot = 0; slot < Countdowns; slot++)
        {
            view.Append(CultureInfo.InvariantCulture, $",\n    {Name($"countdown{slot}_timer")} AS countdown{slot},\n    {Iso($"countdown{slot}_at")} AS countdown{slot}_at");
        }

        return view.Append("\nFROM sessions").ToString();
    }

    private static string ChangesView() => $"""
        CREATE VIEW changes_view AS    -- the changes feed with names and ISO-8601 UTC times
        SELECT position,
            {Iso("at")} AS at,
            {KindName("kind")} AS kind,
            key, partition_key,
            {Name("lifecycle")} AS lifecycle,
            {Name("from_status")} AS from_status,
            {Name("to_status")} AS to_status,
            {Name("event")} AS event,
            {Name("timer")} AS timer,
            related, reason,
            {Name("rule")} AS rule
        FROM changes
        """;

    private static string Name(string column) => $"(SELECT name FROM names WHERE id = {column})";

    // Ticks count 100 ns from 0001-01-01; 621355968000000000 of them come before the Unix epoch.
    private static string Iso(string column) =>
        $"strftime('%Y-%m-%dT%H:%M:%fZ', ({column} - 621355968000000000) / 10000000.0, 'unixepoch')";

    // The kinds are stored as SessionChangeKind's numbers; the view and the column comment are written from the enum.
    private static string KindName(string column)
    {
        var kinds = new StringBuilder($"CASE {column}");
        foreach (SessionChangeKind kind in Enum.GetValues<SessionChangeKind>())
        {
            kinds.Append(CultureInfo.InvariantCulture, $" WHEN {(int)kind} THEN '{kind}'");
        }

        return kinds.Append($" ELSE {column} END").ToString();
    }

    private static string KindNumbers() =>
        string.Join(", ", Enum.GetValues<SessionChangeKind>().Select(kind => $"{(int)kind} {kind}"));

    private static string[] BuildSessionColumns()
    {
        List<string> columns = ["sequence", "key", "partition_key", "lifecycle", "status", "entered_at", "options", "started_at", "last_modified", "reason"];
        for (int slot = 0; slot < Countdowns; slot++)
        {
            columns.Add($"countdown{slot}_timer");
            columns.Add($"countdown{slot}_at");
        }

        return [.. columns];
    }

    private static string LibraryVersion()
    {
        string? informational = typeof(Schema).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The SDK appends "+<commit>" to the informational version; the release number is what a reader needs.
        return informational?.Split('+')[0] ?? typeof(Schema).Assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
