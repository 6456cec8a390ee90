namespace SessionDsl.Generator.Tests.Oracle;

/// <summary>
/// The reference interpreter's own reading of a <c>when:</c> guard, from the grammar in docs/dsl.md ("Guards"):
/// <c>or := and ('or' and)*</c>, <c>and := unary ('and' unary)*</c>, <c>unary := 'not' unary | primary</c>,
/// <c>primary := '(' or ')' | name (('==' | '!=') name)?</c>, with <c>!</c>, <c>&amp;&amp;</c> and <c>||</c> as other
/// spellings. It shares nothing with the generator's parser.
/// </summary>
internal abstract class OracleGuard
{
    public abstract bool Holds(Func<string, OptionValue> value, Func<string, (SessionDsl.OptionKind Kind, bool Optional)> option);

    public static OracleGuard Parse(string text)
    {
        var tokens = Tokenize(text);
        int position = 0;
        OracleGuard result = Or(tokens, ref position);
        if (position != tokens.Count)
        {
            throw new FormatException($"guard '{text}': unexpected '{tokens[position]}'");
        }

        return result;
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (i + 1 < text.Length && text.Substring(i, 2) is "==" or "!=" or "&&" or "||")
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else if (c == '!')
            {
                tokens.Add("!");
                i++;
            }
            else if (char.IsLetterOrDigit(c) || c == '_')
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else
            {
                throw new FormatException($"guard '{text}': unexpected character '{c}'");
            }
        }

        return tokens;
    }

    private static string? Peek(List<string> tokens, int position) => position < tokens.Count ? tokens[position] : null;

    private static OracleGuard Or(List<string> tokens, ref int position)
    {
        OracleGuard left = And(tokens, ref position);
        while (Peek(tokens, position) is "or" or "||")
        {
            position++;
            left = new Binary(left, And(tokens, ref position), isAnd: false);
        }

        return left;
    }

    private static OracleGuard And(List<string> tokens, ref int position)
    {
        OracleGuard left = Unary(tokens, ref position);
        while (Peek(tokens, position) is "and" or "&&")
        {
            position++;
            left = new Binary(left, Unary(tokens, ref position), isAnd: true);
        }

        return left;
    }

    private static OracleGuard Unary(List<string> tokens, ref int position)
    {
        if (Peek(tokens, position) is "not" or "!")
        {
            position++;
            return new Not(Unary(tokens, ref position));
        }

        string token = Peek(tokens, position) ?? throw new FormatException("guard ends early");
        position++;
        if (token == "(")
        {
            OracleGuard inner = Or(tokens, ref position);
            if (Peek(tokens, position) != ")")
            {
                throw new FormatException("guard: ')' expected");
            }

            position++;
            return inner;
        }

        if (Peek(tokens, position) is "==" or "!=")
        {
            bool equal = tokens[position] == "==";
            position++;
            string value = Peek(tokens, position) ?? throw new FormatException("guard: value expected");
            position++;
            return new Compare(token, value, equal);
        }

        return new Test(token);
    }

    private sealed class Binary(OracleGuard left, OracleGuard right, bool isAnd) : OracleGuard
    {
        public override bool Holds(Func<string, OptionValue> value, Func<string, (SessionDsl.OptionKind Kind, bool Optional)> option) =>
            isAnd ? left.Holds(value, option) && right.Holds(value, option) : left.Holds(value, option) || right.Holds(value, option);
    }

    private sealed class Not(OracleGuard operand) : OracleGuard
    {
        public override bool Holds(Func<string, OptionValue> value, Func<string, (SessionDsl.OptionKind Kind, bool Optional)> option) => !operand.Holds(value, option);
    }

    private sealed class Compare(string name, string member, bool equal) : OracleGuard
    {
        public override bool Holds(Func<string, OptionValue> value, Func<string, (SessionDsl.OptionKind Kind, bool Optional)> option) =>
            (value(name).Member == member) == equal;
    }

    /// <summary>A bare name: a bool option is true; a duration option is set (a non-optional one always is).</summary>
    private sealed class Test(string name) : OracleGuard
    {
        public override bool Holds(Func<string, OptionValue> value, Func<string, (SessionDsl.OptionKind Kind, bool Optional)> option) => option(name) switch
        {
            (SessionDsl.OptionKind.Boolean, _) => value(name).Flag,
            (SessionDsl.OptionKind.Duration, true) => value(name).Duration is not null,
            (SessionDsl.OptionKind.Duration, false) => true,
            var other => throw new InvalidOperationException($"a bare '{name}' cannot test a {other.Kind} option"),
        };
    }
}
