using SessionDsl.Hosting;
using SessionDsl.Messaging;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

/// <summary>The calls the crash host makes: call number i is the same in every run of the same seed, at the same time.</summary>
public static class Calls
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly E[] Events = [E.Accept, E.RepMessage, E.RepMessage, E.CustomerMessage, E.MarkInactive, E.EndChat, E.OptOut, E.RecordFailure, E.Transfer];

    /// <summary>Five minutes of the host's clock per call: a 10-minute countdown fires every few calls, a 30-hour expiry after 360.</summary>
    public static DateTimeOffset TimeOf(int call) => Start.AddMinutes(5.0 * call);

    public static (LifecycleHandle<EnhancedCustomerInitiated.Options> Customer, LifecycleHandle<EnhancedBusinessInitiated.Options> Business) Register(SessionHost<string, string, S, E> host) =>
        (host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(), host.Register<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>());

    public static HostResult<string, S, E> Run(SessionHost<string, string, S, E> host, (LifecycleHandle<EnhancedCustomerInitiated.Options> Customer, LifecycleHandle<EnhancedBusinessInitiated.Options> Business) lifecycles, int seed, int call)
    {
        var random = new Random(unchecked((seed * 1_000_003) + call));
        string partition = $"user-{random.Next(20)}/WhatsApp";
        double kind = random.NextDouble();
        string Earlier() => $"k{Math.Max(0, call - 1 - random.Next(Math.Min(call, 150) + 1))}";
        if (kind < 0.25)
        {
            return host.Start($"k{call}", partition, lifecycles.Customer, new EnhancedCustomerInitiated.Options { InactivityTimeout = TimeSpan.FromMinutes(10) });
        }

        if (kind < 0.35)
        {
            return host.Start($"k{call}", partition, lifecycles.Business, new EnhancedBusinessInitiated.Options { BotTimeout = TimeSpan.FromMinutes(15), Channel = MessagingChannel.WhatsApp }, firstEvent: E.OpeningMessage);
        }

        if (kind < 0.9)
        {
            E e = Events[random.Next(Events.Length)];
            return host.Apply(Earlier(), e, e == E.RecordFailure ? $"cause {random.Next(2)}" : null);
        }

        return host.Delete(Earlier());
    }

    /// <summary>The acknowledgement of a durable call: what its last change must be in the feed.</summary>
    public static string Ack(int call, HostResult<string, S, E> result)
    {
        string kind = result.Outcome switch
        {
            HostOutcome.Started when result.Transition.Outcome == SessionDsl.TransitionOutcome.None => "Started",
            HostOutcome.Started or HostOutcome.Applied => "Transition",
            HostOutcome.Merged => "Merged",
            HostOutcome.Deleted => "Deleted",
            _ => "-",
        };
        string status = kind == "-" ? "-" : result.Transition.To.ToString();
        return $"ACK {call} {result.Position} {kind} {result.Key} {status}";
    }
}
