using SessionDsl.Language.Model;

namespace SessionDsl.Language.Parsing;

/// <summary>
/// Reads a <c>when:</c> guard. Grammar (lowest precedence first):
/// <code>
/// or      := and ('or' and)*
/// and     := unary ('and' unary)*
/// unary   := 'not' unary | primary
/// primary := '(' or ')' | name (('==' | '!=') name)?
/// </code>
/// A bare name is a boolean option that is true or a duration option that is set. <c>!</c>, <c>&amp;&amp;</c> and <c>||</c>
/// are accepted as spellings of not, and, or.
/// </summary>
public sealed class GuardParser
{
    /// <summary>The most names, operators and parentheses one guard may have.</summary>
    public const int MaxTokens = 256;

    private readonly string _text;
    private readonly SourceSpan _origin;
    private readonly List<Token> _tokens = new();
    private int _position;

    private GuardParser(string text, SourceSpan origin)
    {
        _text = text;
        _origin = origin;
    }

    /// <summary>Parses <paramref name="text"/>, whose first character sits at <paramref name="origin"/>.</summary>
    public static GuardExpression? Parse(string text, SourceSpan origin, out string? error, out SourceSpan errorSpan)
    {
        var parser = new GuardParser(text, origin);
        error = parser.Tokenize();
        if (error is not null)
        {
            errorSpan = parser.ErrorSpan;
            return null;
        }

        try
        {
            GuardExpression expression = parser.ParseOr(0);
            if (parser.Current.Kind != TokenKind.End)
            {
                throw new GuardSyntaxException($"unexpected '{parser.Current.Text}'", parser.Current);
            }

            errorSpan = default;
            return expression;
        }
        catch (GuardSyntaxException ex)
        {
            error = ex.Message;
            errorSpan = parser.SpanOf(ex.Token);
            return null;
        }
    }

    private SourceSpan ErrorSpan { get; set; }

    private Token Current => _tokens[_position];

    private SourceSpan SpanOf(Token token) => _origin.Slice(token.Offset, Math.Max(1, token.Text.Length));

    private SourceSpan SpanOf(int start, int end) => _origin.Slice(start, Math.Max(1, end - start));

    private string? Tokenize()
    {
        int i = 0;
        while (i < _text.Length)
        {
            char c = _text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            int start = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < _text.Length && (char.IsLetterOrDigit(_text[i]) || _text[i] == '_'))
                {
                    i++;
                }

                string word = _text.Substring(start, i - start);
                TokenKind kind = word switch
                {
                    "not" => TokenKind.Not,
                    "and" => TokenKind.And,
                    "or" => TokenKind.Or,
                    _ => TokenKind.Name,
                };
                _tokens.Add(new Token(kind, word, start));
                continue;
            }

            string two = i + 1 < _text.Length ? _text.Substring(i, 2) : string.Empty;
            switch (two)
            {
                case "==": _tokens.Add(new Token(TokenKind.Equal, two, start)); i += 2; continue;
                case "!=": _tokens.Add(new Token(TokenKind.NotEqual, two, start)); i += 2; continue;
                case "&&": _tokens.Add(new Token(TokenKind.And, two, start)); i += 2; continue;
                case "||": _tokens.Add(new Token(TokenKind.Or, two, start)); i += 2; continue;
            }

            switch (c)
            {
                case '!': _tokens.Add(new Token(TokenKind.Not, "!", start)); i++; continue;
                case '(': _tokens.Add(new Token(TokenKind.Open, "(", start)); i++; continue;
                case ')': _tokens.Add(new Token(TokenKind.Close, ")", start)); i++; continue;
            }

            ErrorSpan = _origin.Slice(start, 1);
            return $"unexpected character '{c}'; a guard uses option names, ==, !=, not, and, or and parentheses";
        }

        if (_tokens.Count > MaxTokens)
        {
            // Chains of 'and' and 'or' build trees as deep as they are long, and every later pass walks them
            // recursively: a bound here keeps a long guard from overflowing the compiler's stack.
            Token first = _tokens[MaxTokens];
            ErrorSpan = _origin.Slice(first.Offset, Math.Max(1, first.Text.Length));
            return $"a guard has at most {MaxTokens} names and operators; use an enumeration option, or split the transition";
        }

        _tokens.Add(new Token(TokenKind.End, string.Empty, _text.Length));
        return null;
    }

    private Token Take()
    {
        Token token = Current;
        _position++;
        return token;
    }

    private GuardExpression ParseOr(int depth)
    {
        GuardExpression left = ParseAnd(depth);
        while (Current.Kind == TokenKind.Or)
        {
            Take();
            GuardExpression right = ParseAnd(depth);
            left = new GuardOr(left, right, Join(left.Span, right.Span));
        }

        return left;
    }

    private GuardExpression ParseAnd(int depth)
    {
        GuardExpression left = ParseUnary(depth);
        while (Current.Kind == TokenKind.And)
        {
            Take();
            GuardExpression right = ParseUnary(depth);
            left = new GuardAnd(left, right, Join(left.Span, right.Span));
        }

        return left;
    }

    private GuardExpression ParseUnary(int depth)
    {
        if (depth > 64)
        {
            throw new GuardSyntaxException("the guard nests too deeply", Current);
        }

        if (Current.Kind == TokenKind.Not)
        {
            Token not = Take();
            GuardExpression operand = ParseUnary(depth + 1);
            return new GuardNot(operand, Join(SpanOf(not), operand.Span));
        }

        if (Current.Kind == TokenKind.Open)
        {
            Token open = Take();
            GuardExpression inner = ParseOr(depth + 1);
            if (Current.Kind != TokenKind.Close)
            {
                throw new GuardSyntaxException($"'(' at column {open.Offset + 1} is not closed", Current);
            }

            Take();
            return inner;
        }

        if (Current.Kind != TokenKind.Name)
        {
            throw new GuardSyntaxException(
                Current.Kind == TokenKind.End ? "the guard ends where an option name was expected" : $"expected an option name, found '{Current.Text}'",
                Current);
        }

        Token name = Take();
        var option = new Named(name.Text, SpanOf(name));
        if (Current.Kind is TokenKind.Equal or TokenKind.NotEqual)
        {
            bool isEqual = Take().Kind == TokenKind.Equal;
            if (Current.Kind != TokenKind.Name)
            {
                throw new GuardSyntaxException($"expected a value of '{name.Text}' after {(isEqual ? "==" : "!=")}", Current);
            }

            Token value = Take();
            return new GuardComparison(option, new Named(value.Text, SpanOf(value)), isEqual, SpanOf(name.Offset, value.Offset + value.Text.Length));
        }

        return new GuardOptionTest(option, option.Span);
    }

    private static SourceSpan Join(SourceSpan a, SourceSpan b) =>
        new(a.Path, a.Start, b.End, a.StartLine, a.StartColumn, b.EndLine, b.EndColumn);

    private enum TokenKind
    {
        Name,
        Not,
        And,
        Or,
        Equal,
        NotEqual,
        Open,
        Close,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Offset);

    private sealed class GuardSyntaxException : Exception
    {
        public GuardSyntaxException(string message, Token token)
            : base(message) => Token = token;

        public Token Token { get; }
    }
}
