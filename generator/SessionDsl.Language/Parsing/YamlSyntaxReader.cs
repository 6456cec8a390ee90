using SessionDsl.Language.Diagnostics;
using SessionDsl.Language.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SessionDsl.Language.Parsing;

/// <summary>
/// Reads YAML text into <see cref="YamlSyntaxNode"/>s that keep their positions, refusing what a definition never
/// needs and what could make a build hang: aliases (no alias bombs), more than one document, nesting deeper than
/// <see cref="MaxDepth"/>, more than <see cref="MaxNodes"/> nodes, files over <see cref="MaxLength"/> characters.
/// </summary>
public static class YamlSyntaxReader
{
    public const int MaxLength = 1024 * 1024;
    public const int MaxDepth = 32;
    public const int MaxNodes = 100_000;

    public static YamlSyntaxNode? Read(string path, string text, List<DiagnosticInfo> diagnostics)
    {
        if (text.Length > MaxLength)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticCatalog.UnsupportedYaml,
                SourceSpan.FileStart(path),
                string.Format(System.Globalization.CultureInfo.InvariantCulture, "The definition is {0:N0} characters long; SessionDsl reads definitions of at most {1:N0} characters", text.Length, MaxLength)));
            return null;
        }

        var builder = new TreeBuilder(path, diagnostics);
        Mark lastGood = Mark.Empty;
        try
        {
            var parser = new Parser(new Scanner(new System.IO.StringReader(text), skipComments: true));
            while (parser.MoveNext())
            {
                if (!builder.Accept(parser.Current!))
                {
                    return null;
                }

                lastGood = parser.Current!.End;
            }

            return builder.Root;
        }
        catch (YamlException ex)
        {
            SourceSpan? tab = ex.Message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0 ? FindIndentingTab(path, text, ex.Start) : null;
            diagnostics.Add(tab is { } at
                ? DiagnosticInfo.Create(DiagnosticCatalog.YamlSyntax, at, "a tab indents this line; YAML indents with spaces only")
                : DiagnosticInfo.Create(DiagnosticCatalog.YamlSyntax, SpanOf(path, ex.Start, ex.End), CleanMessage(ex)));
            return null;
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some unterminated flow collections: report it
            // where reading stopped making sense.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.YamlSyntax, SpanOf(path, lastGood, lastGood), $"the YAML cannot be read past this point; check for an unclosed '[', '{{' or quote ({ex.Message.TrimEnd('.')})"));
            return null;
        }
    }

    internal static SourceSpan SpanOf(string path, Mark start, Mark end)
    {
        int startLine = (int)Math.Max(0, start.Line - 1);
        int startColumn = (int)Math.Max(0, start.Column - 1);
        int endLine = (int)Math.Max(startLine, end.Line - 1);
        int endColumn = (int)Math.Max(0, end.Column - 1);
        if (endLine == startLine && endColumn < startColumn)
        {
            endColumn = startColumn;
        }

        int startIndex = (int)Math.Max(0, start.Index);
        int endIndex = (int)Math.Max(startIndex, end.Index);
        return new SourceSpan(path, startIndex, endIndex, startLine, startColumn, endLine, endColumn);
    }

    /// <summary>
    /// YamlDotNet reports a tab in indentation at the start of the file or on the line before the tab; find the line
    /// whose indentation holds the tab (searching from the line before the reported one, then from the top).
    /// </summary>
    private static SourceSpan? FindIndentingTab(string path, string text, Mark reported)
    {
        int from = (int)Math.Max(0, reported.Line - 2);
        return FindIndentingTabFrom(path, text, from) ?? FindIndentingTabFrom(path, text, 0);
    }

    private static SourceSpan? FindIndentingTabFrom(string path, string text, int fromLine)
    {
        int line = 0;
        int index = 0;
        while (index < text.Length)
        {
            int end = text.IndexOf('\n', index);
            if (end < 0)
            {
                end = text.Length;
            }

            if (line >= fromLine)
            {
                for (int i = index; i < end && (text[i] == ' ' || text[i] == '\t'); i++)
                {
                    if (text[i] == '\t')
                    {
                        int column = i - index;
                        return new SourceSpan(path, i, i + 1, line, column, line, column + 1);
                    }
                }
            }

            index = end + 1;
            line++;
        }

        return null;
    }

    private static string CleanMessage(YamlException ex)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (...):"; the diagnostic carries the position already.
        string message = ex.Message;
        int marker = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0)
        {
            message = message.Substring(marker + 3);
        }

        return message.TrimEnd('.');
    }

    private sealed class TreeBuilder
    {
        private readonly string _path;
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly Stack<Frame> _stack = new();
        private int _nodes;
        private int _documents;

        public TreeBuilder(string path, List<DiagnosticInfo> diagnostics)
        {
            _path = path;
            _diagnostics = diagnostics;
        }

        public YamlSyntaxNode? Root { get; private set; }

        public bool Accept(ParsingEvent e)
        {
            switch (e)
            {
                case DocumentStart:
                    _documents++;
                    if (_documents > 1)
                    {
                        return Fail(e, "A definition file holds one YAML document; remove the second '---' document or move it to its own file");
                    }

                    return true;
                case AnchorAlias:
                    return Fail(e, $"YAML aliases (*{((AnchorAlias)e).Value.Value}) are not supported in lifecycle definitions: write the value out");
                case NodeEvent node when !node.Anchor.IsEmpty:
                    return Fail(e, $"YAML anchors (&{node.Anchor.Value}) are not supported in lifecycle definitions");
                case Scalar scalar:
                    var span = SpanOf(_path, scalar.Start, scalar.End);
                    return Add(new ScalarSyntax(scalar.Value, scalar.Style == ScalarStyle.Plain, span), e);
                case MappingStart:
                    return Push(new Frame(e.Start, isMapping: true), e);
                case SequenceStart:
                    return Push(new Frame(e.Start, isMapping: false), e);
                case MappingEnd:
                case SequenceEnd:
                    Frame frame = _stack.Pop();
                    var frameSpan = SpanOf(_path, frame.Start, e.End);
                    YamlSyntaxNode built = frame.IsMapping
                        ? new MappingSyntax(frame.Entries, frameSpan)
                        : new SequenceSyntax(frame.Items, frameSpan);
                    return Add(built, e);
                default:
                    return true;
            }
        }

        private bool Push(Frame frame, ParsingEvent e)
        {
            if (_stack.Count >= MaxDepth)
            {
                return Fail(e, $"The definition nests deeper than {MaxDepth} levels; a lifecycle definition never needs that");
            }

            _stack.Push(frame);
            return true;
        }

        private bool Add(YamlSyntaxNode node, ParsingEvent e)
        {
            if (++_nodes > MaxNodes)
            {
                return Fail(e, string.Format(System.Globalization.CultureInfo.InvariantCulture, "The definition has more than {0:N0} YAML nodes; SessionDsl reads smaller definitions", MaxNodes));
            }

            if (_stack.Count == 0)
            {
                Root = node;
                return true;
            }

            Frame parent = _stack.Peek();
            if (!parent.IsMapping)
            {
                parent.Items.Add(node);
            }
            else if (parent.PendingKey is null)
            {
                if (node is not ScalarSyntax key)
                {
                    return Fail(e, "Mapping keys must be plain names, not lists or mappings");
                }

                parent.PendingKey = key;
            }
            else
            {
                parent.Entries.Add(new KeyValuePair<ScalarSyntax, YamlSyntaxNode>(parent.PendingKey, node));
                parent.PendingKey = null;
            }

            return true;
        }

        private bool Fail(ParsingEvent e, string message)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticCatalog.UnsupportedYaml, SpanOf(_path, e.Start, e.End), message));
            return false;
        }
    }

    private sealed class Frame
    {
        public Frame(Mark start, bool isMapping)
        {
            Start = start;
            IsMapping = isMapping;
        }

        public Mark Start { get; }

        public bool IsMapping { get; }

        public List<KeyValuePair<ScalarSyntax, YamlSyntaxNode>> Entries { get; } = new();

        public List<YamlSyntaxNode> Items { get; } = new();

        public ScalarSyntax? PendingKey { get; set; }
    }
}
