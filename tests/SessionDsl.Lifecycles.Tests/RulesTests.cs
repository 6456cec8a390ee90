using SessionDsl.Messaging;
using Xunit;
using S = SessionDsl.Messaging.MessagingSessionStatus;
using E = SessionDsl.Messaging.MessagingSessionEvent;

namespace SessionDsl.Lifecycles.Tests;

/// <summary>
/// The rules across a messaging user's sessions that each shipped definition declares, as its generated description
/// gives them to a session host: names, kinds, statuses and guarded events, in declaration order.
/// </summary>
public class RulesTests
{
    [Fact]
    public void Enhanced_business_initiated_guards_the_opening_message_deletion_and_repeated_failures()
    {
        var rules = EnhancedBusinessInitiated.Description.Rules;

        Assert.Equal(new[] { "PreviousSessionMustBeClosed", "OnlyClosedSessionsCanBeDeleted", "SameFailureUpdatesPreviousSession" }, rules.Select(r => r.Name));
        Assert.Equal(new[] { RuleKind.RequireOthersIn, RuleKind.DeleteOnlyIn, RuleKind.MergeRepeatedIn }, rules.Select(r => r.Kind));
        Assert.Equal(new[] { S.Ended, S.Error }, rules[0].Statuses);
        Assert.Equal(new[] { E.OpeningMessage }, rules[0].On);
        Assert.Equal(new[] { S.Ended, S.Error }, rules[1].Statuses);
        Assert.Empty(rules[1].On);
        Assert.Equal(new[] { S.Error }, rules[2].Statuses);
        Assert.Empty(rules[2].On);
    }

    [Fact]
    public void Enhanced_customer_initiated_has_no_start_rule_since_a_customer_creates_a_session_by_messaging()
    {
        var rules = EnhancedCustomerInitiated.Description.Rules;

        Assert.Equal(new[] { "OnlyClosedSessionsCanBeDeleted", "SameFailureUpdatesPreviousSession" }, rules.Select(r => r.Name));
        Assert.Equal(new[] { RuleKind.DeleteOnlyIn, RuleKind.MergeRepeatedIn }, rules.Select(r => r.Kind));
        Assert.Equal(new[] { S.Ended, S.Error }, rules[0].Statuses);
        Assert.Equal(new[] { S.Error }, rules[1].Statuses);
        Assert.All(rules, r => Assert.Empty(r.On));
    }

    [Fact]
    public void Standard_business_initiated_requires_other_sessions_Ended_since_Error_is_enhanced_only()
    {
        var rules = StandardBusinessInitiated.Description.Rules;

        Assert.Equal(new[] { "PreviousSessionMustBeClosed", "OnlyClosedSessionsCanBeDeleted" }, rules.Select(r => r.Name));
        Assert.Equal(new[] { RuleKind.RequireOthersIn, RuleKind.DeleteOnlyIn }, rules.Select(r => r.Kind));
        Assert.Equal(new[] { S.Ended }, rules[0].Statuses);
        Assert.Equal(new[] { E.OpeningMessage }, rules[0].On);
        Assert.Equal(new[] { S.Ended }, rules[1].Statuses);
        Assert.Empty(rules[1].On);
    }

    [Fact]
    public void Standard_customer_initiated_only_restricts_deletion_to_Ended_sessions()
    {
        var rule = Assert.Single(StandardCustomerInitiated.Description.Rules);

        Assert.Equal("OnlyClosedSessionsCanBeDeleted", rule.Name);
        Assert.Equal(RuleKind.DeleteOnlyIn, rule.Kind);
        Assert.Equal(new[] { S.Ended }, rule.Statuses);
        Assert.Empty(rule.On);
    }

    [Fact]
    public void Every_rule_says_why_and_where_and_is_indexed_in_declaration_order()
    {
        var all = new[]
        {
            EnhancedBusinessInitiated.Description.Rules,
            EnhancedCustomerInitiated.Description.Rules,
            StandardBusinessInitiated.Description.Rules,
            StandardCustomerInitiated.Description.Rules,
        };

        Assert.All(all, rules =>
        {
            Assert.Equal(Enumerable.Range(0, rules.Count), rules.Select(r => r.Index));
            Assert.All(rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Because)));
            Assert.All(rules, r => Assert.True(r.Line > 0));
            Assert.Equal(rules.OrderBy(r => r.Line).Select(r => r.Name), rules.Select(r => r.Name));
        });
    }

    [Fact]
    public void Every_rule_quotes_the_article()
    {
        var quotes = new Dictionary<string, string>
        {
            ["PreviousSessionMustBeClosed"] = "only after the user's previous session has ended with a status of Ended or Error.",
            ["OnlyClosedSessionsCanBeDeleted"] = "Messaging sessions with a status of Ended or Error can be deleted.",
            ["SameFailureUpdatesPreviousSession"] = "updates the previous session's Last Modified Date field instead of logging a new failed session.",
        };
        var rules = EnhancedBusinessInitiated.Description.Rules
            .Concat(EnhancedCustomerInitiated.Description.Rules)
            .Concat(StandardBusinessInitiated.Description.Rules)
            .Concat(StandardCustomerInitiated.Description.Rules);

        Assert.All(rules, r => Assert.Contains(quotes[r.Name], r.Because));
    }
}
