using SessionDsl.Messaging;
using S = SessionDsl.Messaging.MessagingSessionStatus;
using E = SessionDsl.Messaging.MessagingSessionEvent;

namespace SessionDsl.Benchmarks;

/// <summary>
/// One pre-generated, realistic event stream per default lifecycle: a random walk over legal events with about 10%
/// illegal ones mixed in, restarting in the initial state whenever a final state is reached. Every implementation
/// replays the same streams with the same rules, and <see cref="Verify"/> checks that they agree.
/// </summary>
internal sealed class Workload
{
    public const int EventsPerLifecycle = 1024;
    public const int TotalEvents = 4 * EventsPerLifecycle;
    public const double IllegalShare = 0.10;

    public static readonly EnhancedCustomerInitiated.Options EciOptions = new() { CapacityModel = CapacityModel.TabBased, InactivityTimeout = TimeSpan.FromMinutes(10) };
    public static readonly EnhancedBusinessInitiated.Options EbiOptions = new() { CapacityModel = CapacityModel.TabBased, Channel = MessagingChannel.WhatsApp };
    public static readonly StandardCustomerInitiated.Options SciOptions = new() { CapacityModel = CapacityModel.TabBased };
    public static readonly StandardBusinessInitiated.Options SbiOptions = new() { CapacityModel = CapacityModel.TabBased };

    public Workload(int seed)
    {
        var random = new Random(seed);
        Eci = Stream<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>(random, EciOptions);
        Ebi = Stream<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>(random, EbiOptions);
        Sci = Stream<StandardCustomerInitiated, StandardCustomerInitiated.Options>(random, SciOptions);
        Sbi = Stream<StandardBusinessInitiated, StandardBusinessInitiated.Options>(random, SbiOptions);
    }

    /// <summary>One clock reading per event, a second apart, for the stateful benchmarks.</summary>
    public DateTimeOffset[] Times { get; } = Enumerable.Range(0, EventsPerLifecycle)
        .Select(i => new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero).AddSeconds(i))
        .ToArray();

    public E[] Eci { get; }

    public E[] Ebi { get; }

    public E[] Sci { get; }

    public E[] Sbi { get; }

    public int IllegalEvents { get; private set; }

    private E[] Stream<TL, TO>(Random random, TO options)
        where TL : ILifecycle<S, E, TO>
        where TO : struct
    {
        E[] all = Enum.GetValues<E>();
        var stream = new E[EventsPerLifecycle];
        S status = TL.DefaultInitialStatus;
        for (int i = 0; i < stream.Length; i++)
        {
            bool illegal = random.NextDouble() < IllegalShare;
            E[] candidates = all.Where(e => TL.CanFire(status, e, options) != illegal).ToArray();
            E chosen = candidates[random.Next(candidates.Length)];
            stream[i] = chosen;
            var result = TL.Fire(status, chosen, options);
            if (result.IsApplied)
            {
                status = TL.IsFinal(result.To) ? TL.DefaultInitialStatus : result.To;
            }
            else
            {
                IllegalEvents++;
            }
        }

        return stream;
    }

    /// <summary>Throws unless every implementation takes the same number of transitions and ends in the same status.</summary>
    public void Verify(params (string Name, Func<(int Applied, int Checksum)> Run)[] implementations)
    {
        var results = implementations.Select(i => (i.Name, Result: i.Run())).ToList();
        var reference = results[0];
        foreach (var other in results.Skip(1))
        {
            if (other.Result != reference.Result)
            {
                throw new InvalidOperationException($"{other.Name} disagrees with {reference.Name}: {other.Result} vs {reference.Result}");
            }
        }
    }
}
