using SessionDsl.Language.Model;

namespace SessionDsl.Language.Text;

/// <summary>Writes a guard back as text in a canonical form (for docs, diagrams and generated comments).</summary>
public static class GuardFormatter
{
    public static string Format(GuardExpression expression) => Format(expression, 0);

    private static string Format(GuardExpression e, int parentPrecedence)
    {
        (string text, int precedence) = e switch
        {
            GuardOr or => ($"{Format(or.Left, 1)} or {Format(or.Right, 1)}", 1),
            GuardAnd and => ($"{Format(and.Left, 2)} and {Format(and.Right, 2)}", 2),
            GuardNot not => ($"not {Format(not.Operand, 3)}", 3),
            GuardComparison c => ($"{c.Option.Name} {(c.IsEqual ? "==" : "!=")} {c.Value.Name}", 4),
            GuardOptionTest t => (t.Option.Name, 4),
            _ => throw new InvalidOperationException("Unknown guard node " + e.GetType().Name),
        };
        return precedence < parentPrecedence ? "(" + text + ")" : text;
    }
}
