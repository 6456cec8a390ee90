using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using SessionDsl.Language.Text;

namespace SessionDsl.Language.Parsing;

/// <summary>
/// Reads one YAML mapping of a definition: reports keys it does not know (with the closest known one), keys given
/// twice, and values of the wrong shape, and hands out typed values.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, KeyValuePair<ScalarSyntax, YamlSyntaxNode>> _entries = new(StringComparer.Ordinal);
    private readonly List<DiagnosticInfo> _diagnostics;

    public MappingReader(MappingSyntax node, string context, IReadOnlyList<string> knownKeys, List<DiagnosticInfo> diagnostics)
    {
        Node = node;
        Context = context;
        _diagnostics = diagnostics;
        foreach (var entry in node.Entries)
        {
            string key = entry.Key.Value;
            if (!knownKeys.Contains(key))
            {
                string? suggestion = Suggest.Closest(key, knownKeys);
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticCatalog.UnknownKey,
                    entry.Key.Span,
                    key,
                    context,
                    suggestion is null ? $"; expected one of: {string.Join(", ", knownKeys)}" : $"; did you mean '{suggestion}'?"));
                continue;
            }

            if (_entries.TryGetValue(key, out var first))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.DuplicateName, entry.Key.Span, "Key", key, (first.Key.Span.StartLine + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                continue;
            }

            _entries.Add(key, entry);
        }
    }

    public MappingSyntax Node { get; }

    public string Context { get; }

    public bool Has(string key) => _entries.ContainsKey(key);

    public YamlSyntaxNode? Get(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value : null;

    public SourceSpan KeySpan(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key.Span : Node.Span;

    /// <summary>A scalar value; reports a missing required key or a value that is a list or a mapping.</summary>
    public ScalarSyntax? Scalar(string key, bool required, string what = "a single value")
    {
        YamlSyntaxNode? node = Get(key);
        if (node is null)
        {
            if (required)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingKey, Node.Span, Context, key));
            }

            return null;
        }

        if (node is ScalarSyntax scalar && !(required && scalar.IsNull))
        {
            return scalar;
        }

        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, node.Span, key, $"{what}, not {node.Describe()}"));
        return null;
    }

    public string? Text(string key, bool required) => Scalar(key, required, "text") is { IsNull: false } s ? s.Value : null;

    public bool Bool(string key)
    {
        ScalarSyntax? scalar = Scalar(key, required: false, "true or false");
        if (scalar is null || scalar.IsNull)
        {
            return false;
        }

        if (ParseBool(scalar.Value) is { } value)
        {
            return value;
        }

        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, scalar.Span, key, $"true or false, not {scalar.Describe()}"));
        return false;
    }

    /// <summary>YAML 1.2 core-schema booleans.</summary>
    public static bool? ParseBool(string text) => text switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    /// <summary>One name or a list of names (<c>from: Active</c> or <c>from: [Active, Waiting]</c>).</summary>
    public EquatableArray<Named> Names(string key, bool required)
    {
        YamlSyntaxNode? node = Get(key);
        if (node is null || node is ScalarSyntax { IsNull: true })
        {
            if (required)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingKey, node?.Span ?? Node.Span, Context, key));
            }

            return EquatableArray<Named>.Empty;
        }

        if (node is ScalarSyntax single)
        {
            return new EquatableArray<Named>(new[] { new Named(single.Value, single.Span) });
        }

        var names = new List<Named>();
        if (node is SequenceSyntax list)
        {
            foreach (YamlSyntaxNode item in list.Items)
            {
                if (item is ScalarSyntax { IsNull: false } scalar)
                {
                    names.Add(new Named(scalar.Value, scalar.Span));
                }
                else
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, item.Span, key, $"a list of names, and this item is {item.Describe()}"));
                }
            }

            if (names.Count == 0 && required)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingKey, node.Span, Context, key));
            }

            return names.ToEquatableArray();
        }

        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, node.Span, key, $"a name or a list of names, not {node.Describe()}"));
        return EquatableArray<Named>.Empty;
    }

    public MappingSyntax? Mapping(string key, bool required)
    {
        YamlSyntaxNode? node = Get(key);
        if (node is null)
        {
            if (required)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.MissingKey, Node.Span, Context, key));
            }

            return null;
        }

        if (node is MappingSyntax mapping)
        {
            return mapping;
        }

        if (node is ScalarSyntax { IsNull: true })
        {
            // An empty value is an empty mapping (docs/diagnostics/SDSL0005.md): no events is a lifecycle driven by
            // timers alone, and no states is reported as SDSL0013.
            return null;
        }

        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, node.Span, key, $"a mapping of names to their settings, not {node.Describe()}"));
        return null;
    }

    public SequenceSyntax? Sequence(string key)
    {
        YamlSyntaxNode? node = Get(key);
        if (node is null or ScalarSyntax { IsNull: true })
        {
            return null;
        }

        if (node is SequenceSyntax sequence)
        {
            return sequence;
        }

        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.WrongValueType, node.Span, key, $"a list (each item starting with '- '), not {node.Describe()}"));
        return null;
    }
}
