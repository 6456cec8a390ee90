using SessionDsl.Language.Model;

namespace SessionDsl.Language.Parsing;

/// <summary>A YAML node with the span it was read from. Only the shapes a definition uses: scalars, mappings, sequences.</summary>
public abstract class YamlSyntaxNode
{
    protected YamlSyntaxNode(SourceSpan span) => Span = span;

    public SourceSpan Span { get; }

    /// <summary>How the node reads in a message: "a mapping", "a list", "the text 'x'".</summary>
    public abstract string Describe();
}

public sealed class ScalarSyntax : YamlSyntaxNode
{
    public ScalarSyntax(string value, bool isPlain, SourceSpan span)
        : base(span)
    {
        Value = value;
        IsPlain = isPlain;
    }

    public string Value { get; }

    /// <summary>Unquoted: <c>null</c>, <c>~</c> and an empty value mean "no value" only when plain.</summary>
    public bool IsPlain { get; }

    public bool IsNull => IsPlain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

    /// <summary>Offset of the value's first character from the node's start (1 for a quoted scalar).</summary>
    public int ContentOffset => IsPlain || Span.StartLine != Span.EndLine ? 0 : 1;

    public override string Describe() => IsNull ? "an empty value" : $"the text '{Value}'";
}

public sealed class MappingSyntax : YamlSyntaxNode
{
    public MappingSyntax(IReadOnlyList<KeyValuePair<ScalarSyntax, YamlSyntaxNode>> entries, SourceSpan span)
        : base(span) => Entries = entries;

    public IReadOnlyList<KeyValuePair<ScalarSyntax, YamlSyntaxNode>> Entries { get; }

    public override string Describe() => "a mapping";
}

public sealed class SequenceSyntax : YamlSyntaxNode
{
    public SequenceSyntax(IReadOnlyList<YamlSyntaxNode> items, SourceSpan span)
        : base(span) => Items = items;

    public IReadOnlyList<YamlSyntaxNode> Items { get; }

    public override string Describe() => "a list";
}
