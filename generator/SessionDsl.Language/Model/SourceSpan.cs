namespace SessionDsl.Language.Model;

/// <summary>
/// A place in a definition file: its path, character offsets, and 0-based line and column of both ends (the way
/// Roslyn's <c>LinePositionSpan</c> counts). Plain data, so it can sit in cached models.
/// </summary>
public readonly record struct SourceSpan(string Path, int Start, int End, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static SourceSpan FileStart(string path) => new(path, 0, 0, 0, 0, 0, 0);

    /// <summary>A span inside a single-line piece of text that starts at this span's start (guard expressions, durations).</summary>
    public SourceSpan Slice(int offset, int length)
    {
        int start = Start + offset;
        int column = StartColumn + offset;
        return new SourceSpan(Path, start, start + length, StartLine, column, StartLine, column + length);
    }

    /// <summary>1-based "line:column", as people read positions.</summary>
    public override string ToString() => $"{Path}({StartLine + 1},{StartColumn + 1})";
}

/// <summary>A name as written in a definition, with where it was written.</summary>
public readonly record struct Named(string Name, SourceSpan Span)
{
    public override string ToString() => Name;
}
