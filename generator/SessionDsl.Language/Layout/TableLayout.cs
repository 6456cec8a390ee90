using SessionDsl.Language.Model;
using SessionDsl.Language.Runtime;
using SessionDsl.Language.Validation;

namespace SessionDsl.Language.Layout;

/// <summary>
/// How a lifecycle's transition table is laid out, apart from how it is written as C#: the option tests its guards are
/// built from, the combinations of them valid options reach (one copy of the table each), the padded row width, and the
/// encoding of one cell. The size check (SDSL0025) and the emitter both read it from here.
/// </summary>
internal static class TableLayout
{
    /// <summary>A wide cell's flag: no transition applies, or guards evaluated in code decide.</summary>
    public const uint GuardedBit = 0x80000000u;

    /// <summary>A wide cell's flag: a transition, with its target and index.</summary>
    public const uint TransitionBit = 0x40000000u;

    /// <summary>
    /// One cell of the transition table, written either narrow (one uint32: the next status in bits 0-7, the outcome in
    /// bits 8-15, the transition index or guard group in bits 16-31, signed, so that bits 8-31 are the runtime's packed
    /// outcome and index) or wide (one uint32: bit 30 a transition, target in bits 0-11, index in bits 12-29; bit 31 no
    /// transition applies or decided by guards).
    /// </summary>
    public enum CellKind
    {
        /// <summary>No transition on this event in this status: not permitted.</summary>
        None,

        /// <summary>A transition, with its target and index.</summary>
        Transition,

        /// <summary>Transitions exist, but no guard holds for this copy's options.</summary>
        Rejected,

        /// <summary>Guards evaluated in code decide (beyond six option tests): the index is the guard group.</summary>
        Guarded,
    }

    public readonly record struct Cell(CellKind Kind, int Target, int Index)
    {
        // TransitionOutcome's values, from the runtime's own file; None marks a cell whose guards decide in code.
        private const uint GuardsDecide = (uint)TransitionOutcome.None, Applied = (uint)TransitionOutcome.Applied;
        private const uint NotPermitted = (uint)TransitionOutcome.NotPermitted, GuardRejected = (uint)TransitionOutcome.GuardRejected;

        public static Cell None => new(CellKind.None, 0, 0);

        public static Cell Rejected => new(CellKind.Rejected, 0, 0);

        /// <summary>A wide cell keeps the index in 18 bits; a result carries at most the runtime's largest index.</summary>
        private const int MaxIndex = RuntimeLimits.MaxTransitionIndex < 0x3FFFF ? RuntimeLimits.MaxTransitionIndex : 0x3FFFF;

        public static Cell To(int target, int index) => index <= MaxIndex
            ? new(CellKind.Transition, target, index)
            : throw new InvalidOperationException($"Transition index {index} is beyond the {MaxIndex} a table cell and a result can carry.");

        public static Cell Guarded(int group) => new(CellKind.Guarded, 0, group);

        // A cell that takes no transition names its own row as the next status, so that Fire needs no branch to keep it.
        public uint Narrow(int row) => Kind switch
        {
            CellKind.None => (uint)row | (NotPermitted << 8) | 0xFFFF_0000u,
            CellKind.Transition => (uint)Target | (Applied << 8) | ((uint)Index << 16),
            CellKind.Rejected => (uint)row | (GuardRejected << 8) | 0xFFFF_0000u,
            CellKind.Guarded => (uint)row | (GuardsDecide << 8) | ((uint)Index << 16),
        };

        public uint Wide => Kind switch
        {
            CellKind.None => 0,
            CellKind.Transition => TransitionBit | (uint)Target | ((uint)Index << 12),
            CellKind.Rejected => GuardedBit,
            CellKind.Guarded => GuardedBit | (uint)Index,
        };
    }

    /// <summary>Beyond this many distinct option tests the table would grow past 64 copies; guards are then evaluated in code.</summary>
    public const int MaxGuardAtoms = 6;

    /// <summary>
    /// How many cells the lifecycle's transition table has: a row per status member, a column per event member (rounded
    /// up to a power of two), and a copy per combination of option tests when there are few of them.
    /// </summary>
    public static long TableCells(LifecycleModel lifecycle)
    {
        var options = lifecycle.Options.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var atoms = GuardAtoms(lifecycle.Transitions.Select(t => t.Guard), options);
        long copies = atoms.Count <= MaxGuardAtoms ? ReachableKeys(atoms, options).Count : 1;
        return (long)lifecycle.StatusMembers.Count * (1L << ShiftFor(lifecycle.EventMembers.Count)) * copies;
    }

    /// <summary>
    /// The values of GuardKey that valid options produce, ascending, each with options that produce it: per option, the
    /// values of its domain (<see cref="GuardLogic"/>'s) that make a different set of its own tests hold (an enum
    /// option's value makes at most one of its comparisons hold; a bool or optional duration option's test holds or
    /// not), combined across options. At most 2^6 keys, whatever the size of the domains.
    /// </summary>
    public static List<(int Key, Dictionary<string, string> Assignment)> ReachableKeys(List<GuardAtom> atoms, Dictionary<string, OptionModel> options)
    {
        // A required duration option is always set, so a guard's test of it always holds; it is no test of the key.
        var always = options.Values.Where(o => o.Kind == OptionKindModel.Duration && !o.IsOptional).ToDictionary(o => o.Name, _ => GuardLogic.Set, StringComparer.Ordinal);
        var keys = new List<(int Key, Dictionary<string, string> Assignment)> { (0, always) };
        foreach (var byOption in atoms.Select((atom, bit) => (atom, bit)).GroupBy(x => x.atom.Option, StringComparer.Ordinal))
        {
            OptionModel option = options[byOption.Key];
            IEnumerable<string> domain = option.Kind switch
            {
                OptionKindModel.Enumeration => option.Values,
                OptionKindModel.Boolean => new[] { "false", "true" },
                OptionKindModel.Duration => new[] { GuardLogic.Absent, GuardLogic.Set },
            };
            var patterns = new Dictionary<int, string>();
            foreach (string value in domain)
            {
                int pattern = byOption.Where(x => x.atom.Value is null ? value is "true" or GuardLogic.Set : value == x.atom.Value).Sum(x => 1 << x.bit);
                if (!patterns.ContainsKey(pattern))
                {
                    patterns[pattern] = value;
                }
            }

            keys = keys.SelectMany(
                k => patterns,
                (k, p) => (k.Key | p.Key, new Dictionary<string, string>(k.Assignment, StringComparer.Ordinal) { [byOption.Key] = p.Value })).ToList();
        }

        return keys.OrderBy(k => k.Key).ToList();
    }

    /// <summary>
    /// An option test a guard is built from: a bool option, a duration option being set, or an enum option equal to a
    /// value. <paramref name="Test"/> is the guard node itself, for the emitter to write as C#.
    /// </summary>
    public sealed record GuardAtom(string Key, string Text, string Option, string? Value, GuardExpression Test);

    /// <summary>Whether an option test holds for <c>default(Options)</c>: every enum option its first member, every bool false, every optional duration absent.</summary>
    public static bool HoldsWhenZero(GuardAtom atom, Dictionary<string, OptionModel> options) =>
        atom.Value is not null && options[atom.Option].Values[0] == atom.Value;

    public static List<GuardAtom> GuardAtoms(IEnumerable<GuardExpression?> guards, Dictionary<string, OptionModel> options)
    {
        var atoms = new List<GuardAtom>();
        void Add(GuardAtom atom)
        {
            if (!atoms.Any(a => a.Key == atom.Key))
            {
                atoms.Add(atom);
            }
        }

        void Walk(GuardExpression? guard)
        {
            switch (guard)
            {
                case GuardAnd and:
                    Walk(and.Left);
                    Walk(and.Right);
                    break;
                case GuardOr or:
                    Walk(or.Left);
                    Walk(or.Right);
                    break;
                case GuardNot not:
                    Walk(not.Operand);
                    break;
                case GuardComparison c:
                    Add(new GuardAtom($"{c.Option.Name}=={c.Value.Name}", $"{c.Option.Name} == {c.Value.Name}", c.Option.Name, c.Value.Name, c));
                    break;
                case GuardOptionTest t when options[t.Option.Name] is { Kind: OptionKindModel.Boolean } or { Kind: OptionKindModel.Duration, IsOptional: true }:
                    Add(new GuardAtom(t.Option.Name, t.Option.Name, t.Option.Name, null, t));
                    break;
            }
        }

        foreach (GuardExpression? guard in guards)
        {
            Walk(guard);
        }

        return atoms;
    }

    /// <summary>A guard key as text for the table's row comments: which option tests hold.</summary>
    public static string KeyText(List<GuardAtom> atoms, int key) =>
        atoms.Count == 0 ? "no guards" : string.Join(", ", atoms.Select((atom, bit) => (key & (1 << bit)) != 0 ? atom.Text : Negate(atom.Text)));

    private static string Negate(string test) => test.Contains(" == ") ? test.Replace(" == ", " != ") : "not " + test;

    /// <summary>The power of two a row of <paramref name="count"/> columns is padded to, as a shift.</summary>
    public static int ShiftFor(int count)
    {
        int shift = 0;
        while ((1 << shift) < count)
        {
            shift++;
        }

        return shift;
    }
}
