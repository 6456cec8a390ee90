using SessionDsl.Language.Model;

namespace SessionDsl.Language.Validation;

/// <summary>
/// Guards as logic over finite domains, so the checks of a lifecycle's shape can decide them exactly: an enumeration
/// option ranges over its values, a bool over false and true, and a duration option over "set" and, when it is
/// optional, "absent" (its length never matters to a guard). Deciding a formula means trying every combination of
/// the options it mentions, which the callers bound with a <see cref="AnalysisBudget"/>.
/// </summary>
public sealed class GuardLogic
{
    public const string Absent = "absent";
    public const string Set = "set";

    private readonly Dictionary<string, OptionModel> _options;

    public GuardLogic(LifecycleModel lifecycle)
    {
        _options = new Dictionary<string, OptionModel>(StringComparer.Ordinal);
        foreach (OptionModel option in lifecycle.Options)
        {
            _options[option.Name] = option;
        }
    }

    public IReadOnlyList<string> Domain(string option) => _options.TryGetValue(option, out OptionModel? model)
        ? model.Kind switch
        {
            OptionKindModel.Enumeration => model.Values.ToArray(),
            OptionKindModel.Boolean => new[] { "false", "true" },
            OptionKindModel.Duration => model.IsOptional ? new[] { Absent, Set } : new[] { Set },
        }
        : new[] { Absent };

    /// <summary>The options a guard mentions, in the order the lifecycle declares them.</summary>
    public IReadOnlyList<string> Mentioned(IEnumerable<GuardExpression?> guards, IEnumerable<string>? also = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (GuardExpression? guard in guards)
        {
            Collect(guard, names);
        }

        foreach (string name in also ?? Array.Empty<string>())
        {
            names.Add(name);
        }

        return _options.Keys.Where(names.Contains).ToList();
    }

    /// <summary>How many combinations the options have, saturating at <see cref="long.MaxValue"/>.</summary>
    public long Combinations(IReadOnlyList<string> options)
    {
        long product = 1;
        foreach (string option in options)
        {
            int size = Domain(option).Count;
            if (size == 0)
            {
                return 0;
            }

            product = product > long.MaxValue / size ? long.MaxValue : product * size;
        }

        return product;
    }

    /// <summary>Every combination of the options' values; the dictionary handed out is reused, so copy it to keep it.</summary>
    public IEnumerable<Dictionary<string, string>> Assignments(IReadOnlyList<string> options)
    {
        var domains = options.Select(Domain).ToArray();
        if (domains.Any(d => d.Count == 0))
        {
            yield break;
        }

        var index = new int[options.Count];
        var assignment = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            for (int i = 0; i < options.Count; i++)
            {
                assignment[options[i]] = domains[i][index[i]];
            }

            yield return assignment;

            int position = options.Count - 1;
            while (position >= 0 && ++index[position] == domains[position].Count)
            {
                index[position] = 0;
                position--;
            }

            if (position < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>Whether <paramref name="guard"/> holds (no guard always holds).</summary>
    public static bool Holds(GuardExpression? guard, IReadOnlyDictionary<string, string> assignment) => guard switch
    {
        null => true,
        GuardAnd and => Holds(and.Left, assignment) && Holds(and.Right, assignment),
        GuardOr or => Holds(or.Left, assignment) || Holds(or.Right, assignment),
        GuardNot not => !Holds(not.Operand, assignment),
        GuardOptionTest test => assignment.TryGetValue(test.Option.Name, out string? value) && value is "true" or Set,
        GuardComparison comparison => (assignment.TryGetValue(comparison.Option.Name, out string? value) && value == comparison.Value.Name) == comparison.IsEqual,
        _ => false,
    };

    /// <summary>Whether a duration option is set under an assignment (a timer that waits for it runs only then).</summary>
    public static bool IsSet(string option, IReadOnlyDictionary<string, string> assignment) =>
        assignment.TryGetValue(option, out string? value) && value == Set;

    /// <summary>An assignment written as a guard that holds exactly there, such as <c>capacityModel == TabBased and not keepOpen</c>.</summary>
    public string Describe(IReadOnlyDictionary<string, string> assignment, IEnumerable<string> options)
    {
        var parts = new List<string>();
        foreach (string option in options)
        {
            if (!assignment.TryGetValue(option, out string? value) || !_options.TryGetValue(option, out OptionModel? model))
            {
                continue;
            }

            switch (model.Kind)
            {
                case OptionKindModel.Enumeration:
                    parts.Add($"{option} == {value}");
                    break;
                case OptionKindModel.Boolean:
                    parts.Add(value == "true" ? option : "not " + option);
                    break;
                default:
                    if (model.IsOptional)
                    {
                        parts.Add(value == Set ? option : "not " + option);
                    }

                    break;
            }
        }

        return string.Join(" and ", parts);
    }

    private static void Collect(GuardExpression? guard, HashSet<string> names)
    {
        switch (guard)
        {
            case GuardAnd and:
                Collect(and.Left, names);
                Collect(and.Right, names);
                break;
            case GuardOr or:
                Collect(or.Left, names);
                Collect(or.Right, names);
                break;
            case GuardNot not:
                Collect(not.Operand, names);
                break;
            case GuardOptionTest test:
                names.Add(test.Option.Name);
                break;
            case GuardComparison comparison:
                names.Add(comparison.Option.Name);
                break;
        }
    }
}

/// <summary>
/// A bound on the work of the shape checks, so that no definition (however large or contrived) can slow the build: each
/// check spends from it, and one that runs out stops and says so (SDSL0045) instead of guessing.
/// </summary>
internal sealed class AnalysisBudget
{
    public AnalysisBudget(long units) => Remaining = units;

    public long Remaining { get; private set; }

    public bool Spend(long units)
    {
        Remaining -= units;
        return Remaining >= 0;
    }
}
