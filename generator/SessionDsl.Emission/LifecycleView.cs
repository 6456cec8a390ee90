namespace SessionDsl.Emission;

// Flat view models for the templates: every decision (ordering, naming, table layout, C# expressions) is made in
// LifecycleEmitter; the templates only lay the text out. Property names reach Scriban in snake_case.

public sealed class LifecycleView
{
    public string GeneratorVersion { get; set; } = GeneratorInfo.Version;
    public string FileName { get; set; } = string.Empty;
    public string FileNameXml { get; set; } = string.Empty;
    public string FileNameLiteral { get; set; } = string.Empty;
    public string Namespace { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string NameLiteral { get; set; } = string.Empty;
    public string S { get; set; } = string.Empty;
    public string E { get; set; } = string.Empty;
    public string Result { get; set; } = string.Empty;
    public string Session { get; set; } = string.Empty;
    public string StatusTypeShort { get; set; } = string.Empty;
    public string EventTypeShort { get; set; } = string.Empty;
    public List<string> SummaryLines { get; set; } = new();
    public List<List<string>> RuleParagraphs { get; set; } = new();
    public string StateList { get; set; } = string.Empty;
    public string InitialList { get; set; } = string.Empty;
    public string FinalList { get; set; } = string.Empty;
    public int StatusCount { get; set; }
    public int EventCount { get; set; }
    public int ColumnShift { get; set; }
    public int ColumnCount { get; set; }
    public string TargetFromCell { get; set; } = string.Empty;
    public string DefaultInitial { get; set; } = string.Empty;
    public string InitialCondition { get; set; } = "false";
    public string FinalCondition { get; set; } = "false";
    public List<TableRowView> TableRows { get; set; } = new();
    public bool Specialized { get; set; }
    public bool Narrow { get; set; }
    public int GuardKeyCount { get; set; } = 1;

    /// <summary>For each GuardKey value, its copy of the table, when some keys cannot occur; null when every key has a copy.</summary>
    public string? CopyOfKey { get; set; }
    public string? GuardKeyCode { get; set; }
    public List<string> GuardKeyDoc { get; set; } = new();
    public HashSet<string> GuardedOptions { get; set; } = new(StringComparer.Ordinal);
    public int DefaultGuardKey { get; set; }
    public List<GuardGroupView> GuardGroups { get; set; } = new();
    public List<TimerView> Timers { get; set; } = new();
    public List<CountdownView> Countdowns { get; set; } = new();
    public List<OptionView> Options { get; set; } = new();
    public string DescriptionLiteral { get; set; } = "\"\"";
    public string PlatformLiteral { get; set; } = "null";
    public List<string> StateInfos { get; set; } = new();
    public List<string> EventInfos { get; set; } = new();
    public List<string> OptionInfos { get; set; } = new();
    public List<string> TransitionInfos { get; set; } = new();
    public List<string> TimerInfos { get; set; } = new();
    public List<string> RuleInfos { get; set; } = new();
    public string OptionsTextExample { get; set; } = string.Empty;
    public string ValidateChain { get; set; } = "null";
    public string OptionsKnownLiteral { get; set; } = "\"\"";
    public string MermaidLiteral { get; set; } = "\"\"";
}

public sealed class TableRowView
{
    public string Comment { get; set; } = string.Empty;
    public string Cells { get; set; } = string.Empty;
}

public sealed class GuardGroupView
{
    public int Id { get; set; }
    public string Comment { get; set; } = string.Empty;
    public List<GuardCandidateView> Candidates { get; set; } = new();
    public bool FallsThrough { get; set; }
}

public sealed class GuardCandidateView
{
    public int Index { get; set; }
    public string Comment { get; set; } = string.Empty;
    public string? Condition { get; set; }
    public string Target { get; set; } = string.Empty;
}

public sealed class TimerView
{
    public int Index { get; set; }
    public string Name { get; set; } = string.Empty;
    public string Comment { get; set; } = string.Empty;
    public string Condition { get; set; } = string.Empty;
    public string Due { get; set; } = string.Empty;
    public string Target { get; set; } = string.Empty;
    public int Slot { get; set; } = -1;

    /// <summary>The target is one of the timer's own states: firing there is a self-transition, which keeps the clock.</summary>
    public bool CanReenter { get; set; }
}

public sealed class CountdownView
{
    public int Slot { get; set; }
    public string Name { get; set; } = string.Empty;
    public string States { get; set; } = string.Empty;
    public string Start { get; set; } = string.Empty;
    public string Cancel { get; set; } = string.Empty;

    /// <summary>A start event restarts a running countdown (<c>restart: true</c>, the default) or leaves it running.</summary>
    public bool Restart { get; set; } = true;
    public string InStates { get; set; } = string.Empty;

    public string NotInStates { get; set; } = string.Empty;
    public string StartCondition { get; set; } = string.Empty;
    public string? CancelCondition { get; set; }
}

public sealed class OptionView
{
    public string Property { get; set; } = string.Empty;
    public string PropertyLiteral { get; set; } = string.Empty;
    public string YamlName { get; set; } = string.Empty;
    public string Field { get; set; } = string.Empty;
    public string FieldType { get; set; } = string.Empty;
    public string FieldComment { get; set; } = string.Empty;
    public string Getter { get; set; } = string.Empty;
    public string Setter { get; set; } = string.Empty;
    public string? Check { get; set; }
    public bool Guarded { get; set; }
    public string Type { get; set; } = string.Empty;
    public string DefaultCode { get; set; } = string.Empty;
    public string Doc { get; set; } = string.Empty;
    public string? InvalidCondition { get; set; }
    public string? InvalidMessage { get; set; }
    public string YamlNameLiteral { get; set; } = string.Empty;
    public string FormatCode { get; set; } = string.Empty;
    public string ParseCall { get; set; } = string.Empty;
    public string ParseError { get; set; } = string.Empty;
}

public sealed class EnumView
{
    public string GeneratorVersion { get; set; } = GeneratorInfo.Version;
    public string Namespace { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Underlying { get; set; } = "byte";
    public List<string> SummaryLines { get; set; } = new();
    public List<EnumMemberView> Members { get; set; } = new();
}

public sealed class EnumMemberView
{
    public string Name { get; set; } = string.Empty;
    public int Value { get; set; }
    public string Doc { get; set; } = string.Empty;
}
