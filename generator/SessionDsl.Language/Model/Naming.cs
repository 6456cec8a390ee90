namespace SessionDsl.Language.Model;

public static class Naming
{
    public static string Pascal(string name) =>
        name.Length == 0 || char.IsUpper(name[0]) ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);

    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return !CSharpKeywords.Contains(name);
    }

    /// <summary>Guard operators: an option or value by these names could never be written in a guard.</summary>
    public static bool IsGuardWord(string name) => name is "not" or "and" or "or";

    /// <summary>
    /// A name for a generated type: an identifier that is not all lower-case ASCII, which C# warns about (CS8981) and
    /// partly reserves (record, var, dynamic, file).
    /// </summary>
    public static bool IsTypeName(string name) => IsIdentifier(name) && !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');

    public static bool IsNamespace(string name) =>
        name.Length > 0 && name.Split('.').All(IsIdentifier);

    private static readonly HashSet<string> CSharpKeywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override", "params",
        "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof",
        "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong",
        "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };
}
