using SessionDsl.Language.Model;

namespace SessionDsl.Emission;

/// <summary>
/// Guards as C# over <c>options</c>, folded where an option test is always true (a duration option that is not
/// optional is always set), so that generated code never tests a constant: <c>if (true)</c> would make the code after
/// it unreachable (CS0162), an error under <c>TreatWarningsAsErrors</c>. Enum types are written in full
/// (<c>global::</c>), so that no name in the lifecycle can hide them.
/// </summary>
internal sealed class GuardCoder
{
    private readonly string _namespace;
    private readonly Dictionary<string, OptionModel> _options;

    public GuardCoder(string @namespace, Dictionary<string, OptionModel> options)
    {
        _namespace = @namespace;
        _options = options;
    }

    /// <summary>A type generated into the lifecycle's namespace, written in full.</summary>
    public string Type(string name) => $"global::{_namespace}.{name}";

    /// <summary>An enum option's type, written in full.</summary>
    public string EnumType(OptionModel option) => Type(option.EnumTypeName!);

    /// <summary>The guard as an expression, or as a constant when it always or never holds.</summary>
    public Folded Fold(GuardExpression guard)
    {
        switch (guard)
        {
            case GuardOr or:
            {
                Folded left = Fold(or.Left), right = Fold(or.Right);
                return left.Constant == true || right.Constant == true ? Folded.True
                    : left.Constant == false ? right
                    : right.Constant == false ? left
                    : new Folded(null, $"({left.Code} || {right.Code})");
            }

            case GuardAnd and:
            {
                Folded left = Fold(and.Left), right = Fold(and.Right);
                return left.Constant == false || right.Constant == false ? Folded.False
                    : left.Constant == true ? right
                    : right.Constant == true ? left
                    : new Folded(null, $"({left.Code} && {right.Code})");
            }

            case GuardNot { Operand: GuardComparison comparison }:
                return Fold(comparison with { IsEqual = !comparison.IsEqual });

            case GuardNot not:
            {
                Folded operand = Fold(not.Operand);
                return operand.Constant is { } constant ? (constant ? Folded.False : Folded.True)
                    : new Folded(null, not.Operand is GuardOptionTest ? $"!{operand.Code}" : $"!({operand.Code})");
            }

            case GuardComparison c:
                OptionModel compared = _options[c.Option.Name];
                return new Folded(null, $"options.{compared.PropertyName} {(c.IsEqual ? "==" : "!=")} {EnumType(compared)}.{c.Value.Name}");
            case GuardOptionTest t:
                return _options[t.Option.Name] switch
                {
                    { Kind: OptionKindModel.Boolean } o => new Folded(null, $"options.{o.PropertyName}"),
                    { Kind: OptionKindModel.Duration, IsOptional: true } o => new Folded(null, $"options.{o.PropertyName}.HasValue"),
                    { Kind: OptionKindModel.Duration } => Folded.True,
                    var o => throw new InvalidOperationException($"Option '{o.Name}' of kind {o.Kind} cannot be tested alone."),
                };
            default:
                throw new InvalidOperationException("Unknown guard node " + guard.GetType().Name);
        }
    }

    /// <summary>The guard as C#: <c>true</c> or <c>false</c> when it folds to a constant (for use inside a larger condition).</summary>
    public string Code(GuardExpression guard) => Fold(guard) switch
    {
        { Constant: true } => "true",
        { Constant: false } => "false",
        var folded => folded.Code,
    };

    /// <summary>A folded guard: <see cref="Constant"/> when it always (true) or never (false) holds, otherwise <see cref="Code"/>.</summary>
    public readonly record struct Folded(bool? Constant, string Code)
    {
        public static Folded True => new(true, "true");

        public static Folded False => new(false, "false");
    }
}
