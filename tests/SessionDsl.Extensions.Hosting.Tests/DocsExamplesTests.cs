using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using SessionDsl.Messaging;
using Xunit;
using SessionDsl.Tests.Shared;

namespace SessionDsl.Extensions.Hosting.Tests;

/// <summary>
/// The C# examples of docs/testing.md and of the README's "Using it", compiled and run here line for line (the
/// analyzers included, so an example the flow analysis would reject fails this build), and checked against the pages.
/// </summary>
public class DocsExamplesTests
{
    [Fact]
    public void Readme_using_it()
    {
        TimeProvider timeProvider = TimeProvider.System;
        var options = new EnhancedCustomerInitiated.Options { InactivityTimeout = TimeSpan.FromMinutes(10) };
        var session = EnhancedCustomerInitiated.Start(timeProvider);              // Waiting, entered now

        var result = EnhancedCustomerInitiated.Apply(ref session, MessagingSessionEvent.Accept, timeProvider, options);
        // result.Outcome == TransitionOutcome.Applied, session.Status == Active

#pragma warning disable SDSL1001 // on purpose: a transition the definition forbids is a build error (docs/testing.md)
        TransitionOutcome refused = EnhancedCustomerInitiated.Fire(MessagingSessionStatus.Ended, MessagingSessionEvent.Accept, options).Outcome;
#pragma warning restore SDSL1001
        // TransitionOutcome.NotPermitted: an illegal event is a result, never an exception (FireOrThrow/ApplyOrThrow throw)

        DateTimeOffset? due = EnhancedCustomerInitiated.NextDeadline(session, options);   // when the next timer is due, or null
        int fired = EnhancedCustomerInitiated.Advance(ref session, timeProvider, options); // fires every due timer, in deadline order
        var transitions = EnhancedCustomerInitiated.Description.Transitions;               // the lifecycle as data

        Assert.Equal(TransitionOutcome.Applied, result.Outcome);
        Assert.Equal(MessagingSessionStatus.Active, session.Status);
        Assert.Equal(TransitionOutcome.NotPermitted, refused);
        Assert.Equal(0, fired); // no time has passed: nothing was due
        _ = due;
        Assert.NotEmpty(transitions);
    }

    [Fact]
    public void Testing_time_with_FakeTimeProvider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var options = new EnhancedCustomerInitiated.Options { InactivityTimeout = TimeSpan.FromMinutes(10) };
        var session = EnhancedCustomerInitiated.Start(time);
        EnhancedCustomerInitiated.Apply(ref session, MessagingSessionEvent.Accept, time, options);
        EnhancedCustomerInitiated.Apply(ref session, MessagingSessionEvent.RepMessage, time, options); // the inactivity countdown starts

        time.Advance(TimeSpan.FromMinutes(10));
        int fired = EnhancedCustomerInitiated.Advance(ref session, time, options);

        Assert.Equal(1, fired);
        Assert.Equal(MessagingSessionStatus.Inactive, session.Status);
        Assert.Equal(time.GetUtcNow(), session.EnteredAt); // entered at the deadline
    }

    [Fact]
    public void Testing_a_refusal_with_a_pragma()
    {
        var options = new EnhancedCustomerInitiated.Options();
#pragma warning disable SDSL1001 // the refusal is what this test checks
        TransitionResult<MessagingSessionStatus, MessagingSessionEvent> refused =
            EnhancedCustomerInitiated.Fire(MessagingSessionStatus.Ended, MessagingSessionEvent.Accept, options);
        bool allowed = EnhancedCustomerInitiated.CanFire(MessagingSessionStatus.Ended, MessagingSessionEvent.Accept, options);
#pragma warning restore SDSL1001

        Assert.Equal(TransitionOutcome.NotPermitted, refused.Outcome);
        Assert.False(allowed);
    }

    [Fact]
    public void Testing_a_refusal_as_data()
    {
        static TransitionOutcome Refusal<TLifecycle, TOptions>(MessagingSessionStatus from, MessagingSessionEvent @event, TOptions options)
            where TLifecycle : struct, ILifecycle<MessagingSessionStatus, MessagingSessionEvent, TOptions>
            where TOptions : struct =>
            TLifecycle.Fire(from, @event, in options).Outcome;

        Assert.Equal(
            TransitionOutcome.NotPermitted,
            Refusal<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(MessagingSessionStatus.Ended, MessagingSessionEvent.Accept, new()));
    }

    /// <summary>Each checked page's C# blocks appear in this file as they stand (using directives aside).</summary>
    [Theory]
    [InlineData("docs/testing.md", 3)]
    [InlineData("README.md", -1)]
    public void The_pages_show_the_code_this_file_runs(string page, int expectedBlocks)
    {
        string root = RepoRoot.Path;
        string self = Normalize(File.ReadAllText(Path.Combine(root, "tests", "SessionDsl.Extensions.Hosting.Tests", "DocsExamplesTests.cs")));
        var blocks = Regex.Matches(File.ReadAllText(Path.Combine(root, page)), @"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)
            .Select(m => Normalize(m.Groups["code"].Value))
            .ToList();

        // README: only its "Using it" example is run here; its other blocks are not yet compiled by a test.
        List<string> checkedBlocks = expectedBlocks < 0 ? blocks.Where(b => b.Contains("EnhancedCustomerInitiated.Start(timeProvider);", StringComparison.Ordinal)).ToList() : blocks;
        Assert.Equal(expectedBlocks < 0 ? 1 : expectedBlocks, checkedBlocks.Count);
        Assert.All(checkedBlocks, block => Assert.Contains(block, self, StringComparison.Ordinal));
    }

    private static string Normalize(string code) =>
        string.Join('\n', code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal)));
}
