using SessionDsl.Language.Model;

namespace SessionDsl.Emission;

/// <summary>
/// A lifecycle's rules across sessions in words, for the generated type's remarks: the generated code cannot show a
/// rule at work (a session host enforces it), so its documentation says what each rule requires and why.
/// </summary>
internal static class RuleDocs
{
    /// <summary>XML doc paragraphs, already escaped and wrapped: an introduction, then one per rule; none without rules.</summary>
    public static List<List<string>> Paragraphs(LifecycleModel lifecycle)
    {
        var paragraphs = new List<List<string>>();
        if (lifecycle.Rules.IsEmpty)
        {
            return paragraphs;
        }

        paragraphs.Add(CodeText.Wrap(
            "Rules across the sessions of one partition, also in <c>Description.Rules</c>. A session host enforces them; <c>Fire</c> and <c>Apply</c> do not read them, and they change no transition.").ToList());
        foreach (RuleModel rule in lifecycle.Rules)
        {
            string because = rule.Because.Length == 0 ? string.Empty : " Because: " + CodeText.Xml(rule.Because);
            paragraphs.Add(CodeText.Wrap($"Rule <c>{rule.Name}</c>: {Requirement(rule)}.{because}").ToList());
        }

        return paragraphs;
    }

    /// <summary>What the rule requires, in the words of docs/dsl.md's "Rules across sessions".</summary>
    private static string Requirement(RuleModel rule)
    {
        string statuses = Or(rule.Statuses);
        return rule.Kind switch
        {
            RuleKindModel.RequireOthersIn when rule.On.IsEmpty =>
                $"a session of this lifecycle may start only while every other session of its partition is {statuses}",
            RuleKindModel.RequireOthersIn =>
                $"{Or(rule.On)} may be applied to a session of this lifecycle only while every other session of its partition is {statuses} (starting a session is not guarded by this rule)",
            RuleKindModel.DeleteOnlyIn =>
                $"a session of this lifecycle may be deleted only while it is {statuses}",
            RuleKindModel.MergeRepeatedIn =>
                $"when an event given with a reason moves a session of this lifecycle from a status other than {statuses} into {statuses}, and the partition's previous session is {statuses} for the same reason, that previous session's last-modified time becomes now and this session is not kept",
        };
    }

    private static string Or(EquatableArray<Named> names) => names.Count switch
    {
        1 => names[0].Name,
        _ => string.Join(", ", names.Take(names.Count - 1).Select(n => n.Name)) + " or " + names[names.Count - 1].Name,
    };
}
