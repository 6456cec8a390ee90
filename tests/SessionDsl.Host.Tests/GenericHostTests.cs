using Microsoft.Extensions.Time.Testing;
using SessionDsl.Host.Tests.Tickets;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using Xunit;

namespace SessionDsl.Host.Tests;

/// <summary>The host with a lifecycle that is not a messaging session: its own keys, statuses and rules, and no messaging words.</summary>
public class GenericHostTests
{
    private static (SessionHost<long, Guid, TicketStatus, TicketEvent> Host, LifecycleHandle<Ticket.Options> Ticket, FakeTimeProvider Time) Open()
    {
        var time = new FakeTimeProvider(Messaging.Start);
        var host = new SessionHost<long, Guid, TicketStatus, TicketEvent>(new SessionHostOptions { TimeProvider = time, Store = new InMemorySessionStore() });
        LifecycleHandle<Ticket.Options> ticket = host.Register<Ticket, Ticket.Options>();
        host.Open();
        return (host, ticket, time);
    }

    [Fact]
    public void An_open_ticket_can_be_deleted_since_the_ticket_lifecycle_declares_no_delete_rule()
    {
        var (host, ticket, _) = Open();
        using (host)
        {
            host.Start(1, Guid.NewGuid(), ticket).OrThrow();

            Assert.Equal(HostOutcome.Deleted, host.Delete(1).Outcome);
        }
    }

    [Fact]
    public void A_start_rule_refuses_a_second_open_ticket_in_the_users_own_words()
    {
        var (host, ticket, _) = Open();
        using (host)
        {
            var customer = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e");
            host.Start(1, customer, ticket).OrThrow();

            HostResult<long, TicketStatus, TicketEvent> refused = host.Start(2, customer, ticket);

            Assert.Equal(HostOutcome.RuleRefused, refused.Outcome);
            Assert.Equal(
                "Refused by rule 'OneOpenTicketPerCustomer' of Ticket: starting a session of Ticket needs every other session of partition '0f8fad5b-d9cb-469f-a165-70867728950e' to be in Closed, and session '1' (Ticket) is Open.",
                refused.Message);
            foreach (string word in new[] { "messaging", "rep", "channel", "Ended", "Error", "user" })
            {
                Assert.DoesNotContain(word, refused.Message, StringComparison.OrdinalIgnoreCase);
            }

            host.Apply(1, TicketEvent.Close).OrThrow();
            Assert.Equal(HostOutcome.Started, host.Start(2, customer, ticket).Outcome);
        }
    }

    [Fact]
    public void A_resolved_ticket_closes_itself_after_its_options_duration()
    {
        var (host, ticket, time) = Open();
        using (host)
        {
            host.Start(1, Guid.NewGuid(), ticket, new Ticket.Options { AutoCloseAfter = TimeSpan.FromDays(2) }).OrThrow();
            host.Apply(1, TicketEvent.Assign).OrThrow();
            host.Apply(1, TicketEvent.Resolve).OrThrow();

            time.Advance(TimeSpan.FromDays(2));
            Assert.Equal(1, host.Advance());
            Assert.Equal(TicketStatus.Closed, host.Get(1).Status);
            Assert.Equal("AutoClose", host.ReadChanges(0)[^1].Timer);
        }
    }
}
