using System.Text;

namespace SessionDsl.Generator.Tests.Oracle;

/// <summary>
/// A guard as <see cref="RandomDefinitions"/> builds it, written out in one of the spellings the DSL accepts. The
/// reference interpreter never sees this tree: it parses the text the generated <c>Description</c> carries.
/// </summary>
internal abstract record GuardNode
{
    /// <summary>The option tests in it, as the docs count them for the table layout: a bool, an optional duration set, an enum equal to a value.</summary>
    public abstract IEnumerable<string> Tests(Func<string, OptionSpec> option);

    public abstract bool MentionsRequiredDuration(Func<string, OptionSpec> option);

    /// <summary>0: or, 1: and, 2: unary and primary.</summary>
    protected abstract int Precedence { get; }

    public string Write(Random random, bool plain = false)
    {
        var text = new StringBuilder();
        Write(text, random, 0, plain);
        return text.ToString();
    }

    protected abstract void WriteNode(StringBuilder text, Random random, bool plain);

    private void Write(StringBuilder text, Random random, int minimum, bool plain)
    {
        bool parenthesize = Precedence < minimum || (!plain && random.Next(12) == 0);
        if (parenthesize)
        {
            text.Append('(');
        }

        WriteNode(text, random, plain);
        if (parenthesize)
        {
            text.Append(')');
        }
    }

    protected static void Child(StringBuilder text, Random random, GuardNode child, int minimum, bool plain) => child.Write(text, random, minimum, plain);
}

internal sealed record GuardFlag(string Option) : GuardNode
{
    protected override int Precedence => 2;

    public override IEnumerable<string> Tests(Func<string, OptionSpec> option) =>
        option(Option) is { Kind: OptionSpecKind.Duration, Optional: false } ? [] : [Option];

    public override bool MentionsRequiredDuration(Func<string, OptionSpec> option) => option(Option) is { Kind: OptionSpecKind.Duration, Optional: false };

    protected override void WriteNode(StringBuilder text, Random random, bool plain) => text.Append(Option);
}

internal sealed record GuardCompare(string Option, string Value, bool Equal) : GuardNode
{
    protected override int Precedence => 2;

    public override IEnumerable<string> Tests(Func<string, OptionSpec> option) => [Option + "==" + Value];

    public override bool MentionsRequiredDuration(Func<string, OptionSpec> option) => false;

    protected override void WriteNode(StringBuilder text, Random random, bool plain)
    {
        string op = Equal ? "==" : "!=";
        text.Append(Option).Append(plain || random.Next(5) > 0 ? $" {op} " : op).Append(Value);
    }
}

internal sealed record GuardNot(GuardNode Operand) : GuardNode
{
    protected override int Precedence => 2;

    public override IEnumerable<string> Tests(Func<string, OptionSpec> option) => Operand.Tests(option);

    public override bool MentionsRequiredDuration(Func<string, OptionSpec> option) => Operand.MentionsRequiredDuration(option);

    protected override void WriteNode(StringBuilder text, Random random, bool plain)
    {
        text.Append(plain || random.Next(3) > 0 ? "not " : "!");
        Child(text, random, Operand, 2, plain);
    }
}

internal sealed record GuardAnd(GuardNode Left, GuardNode Right) : GuardNode
{
    protected override int Precedence => 1;

    public override IEnumerable<string> Tests(Func<string, OptionSpec> option) => Left.Tests(option).Concat(Right.Tests(option));

    public override bool MentionsRequiredDuration(Func<string, OptionSpec> option) => Left.MentionsRequiredDuration(option) || Right.MentionsRequiredDuration(option);

    protected override void WriteNode(StringBuilder text, Random random, bool plain)
    {
        Child(text, random, Left, 1, plain);
        text.Append(plain || random.Next(3) > 0 ? " and " : " && ");
        // 'and' is associative, so a right operand at its own level keeps the meaning.
        Child(text, random, Right, 1, plain);
    }
}

internal sealed record GuardOr(GuardNode Left, GuardNode Right) : GuardNode
{
    protected override int Precedence => 0;

    public override IEnumerable<string> Tests(Func<string, OptionSpec> option) => Left.Tests(option).Concat(Right.Tests(option));

    public override bool MentionsRequiredDuration(Func<string, OptionSpec> option) => Left.MentionsRequiredDuration(option) || Right.MentionsRequiredDuration(option);

    protected override void WriteNode(StringBuilder text, Random random, bool plain)
    {
        Child(text, random, Left, 0, plain);
        text.Append(plain || random.Next(3) > 0 ? " or " : " || ");
        Child(text, random, Right, 0, plain);
    }
}
