namespace SessionDsl.Language.Model;

/// <summary>
/// The names the generated code gives its members: those of each option in <c>Options</c>, and the fixed ones of the
/// lifecycle struct and of <c>Options</c>. One place for both the emitter and the check that no name in a definition
/// collides with them (SDSL0035); a test compares the fixed lists with what a compiled lifecycle declares.
/// </summary>
public static class OptionMembers
{
    /// <summary>The members every generated lifecycle struct declares (a lifecycle may not be named like one: CS0542).</summary>
    public static readonly string[] LifecycleMembers =
    {
        "Name", "StatusCount", "EventCount", "ColumnShift", "DefaultInitialStatus", "Description", "DefaultOptions",
        "TryValidate", "FormatOptions", "TryParseOptions", "IsInitial", "IsFinal", "Table", "Fire", "Cell", "KeyStride",
        "DefaultTableCopy", "GuardKey", "CopyOfKey", "Unknown", "CanFire", "FireOrThrow", "FireGuarded", "Start", "Apply",
        "ApplyAfterTimers", "ApplyEvent", "ApplyOrThrow", "NextDeadline", "Advance", "AdvanceTo", "NextDue", "FireTimer",
        "UpdateCountdowns", "StopCountdownsOutsideTheirStates", "PermittedEvents", "Reject", "ThrowNotStarted", "Options",
        "DescriptionHolder",
    };

    /// <summary>The members every generated <c>Options</c> declares, besides those of its options (records add the object members).</summary>
    public static readonly string[] OptionsMembers =
    {
        "Options", "Default", "TableCopy", "_tableCopy", "TryValidate", "Validate",
        "Equals", "GetHashCode", "ToString", "PrintMembers", "EqualityContract", "Deconstruct", "GetType", "MemberwiseClone",
    };

    /// <summary>The private field that holds an option's value.</summary>
    public static string Field(string property) => "_" + char.ToLowerInvariant(property[0]) + property.Substring(1);

    /// <summary>The method that checks a value of an option.</summary>
    public static string Check(string property) => "Check" + property;
}
