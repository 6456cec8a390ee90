using Microsoft.Extensions.Time.Testing;
using SessionDsl.Hosting;
using SessionDsl.Hosting.Storage;
using SessionDsl.Messaging;
using E = SessionDsl.Messaging.MessagingSessionEvent;
using S = SessionDsl.Messaging.MessagingSessionStatus;

namespace SessionDsl.Host.Tests;

/// <summary>
/// The messaging-session configuration of the host, where the generated types are visible: the four shipped lifecycles
/// (their rules come with them), sessions keyed by text, partitioned by "messaging user/channel".
/// </summary>
internal static class Messaging
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly EnhancedCustomerInitiated.Options TenMinutes = new() { InactivityTimeout = TimeSpan.FromMinutes(10) };

    public static readonly EnhancedBusinessInitiated.Options RepTenMinutes = new() { BotTimeout = TimeSpan.FromMinutes(10), Channel = MessagingChannel.WhatsApp };

    /// <summary>A host on the four messaging lifecycles, with helpers that read like the seed article.</summary>
    public sealed class Fixture : IDisposable, IAsyncDisposable
    {
        // The store defaults to an in-memory one, so that the feed can be read; memoryOnly gives a host with none.
        public Fixture(TimeProvider? time = null, TimeSpan? tick = null, ISessionStore? store = null, Durability durability = Durability.PerCall, StoreMigration? migration = null, bool open = true, bool memoryOnly = false, bool fewSessions = false)
        {
            Time = time ?? new FakeTimeProvider(Start);
            store ??= memoryOnly ? null : new InMemorySessionStore();
            Store = store;
            Host = new SessionHost<string, string, S, E>(new SessionHostOptions
            {
                TimeProvider = Time,
                Tick = tick ?? TimeSpan.FromSeconds(1),
                Store = store,
                Durability = durability,
                Capacity = fewSessions ? 2 : 16,
                FewSessions = fewSessions,
                Migration = migration ?? new StoreMigration(),
                GroupCommitInterval = TimeSpan.FromMilliseconds(2),
            });
            EnhancedCustomer = Host.Register<EnhancedCustomerInitiated, EnhancedCustomerInitiated.Options>();
            EnhancedBusiness = Host.Register<EnhancedBusinessInitiated, EnhancedBusinessInitiated.Options>();
            StandardCustomer = Host.Register<StandardCustomerInitiated, StandardCustomerInitiated.Options>();
            StandardBusiness = Host.Register<StandardBusinessInitiated, StandardBusinessInitiated.Options>();
            if (open)
            {
                Host.Open();
            }
        }

        public TimeProvider Time { get; }

        public FakeTimeProvider Fake => (FakeTimeProvider)Time;

        public ISessionStore? Store { get; }

        public SessionHost<string, string, S, E> Host { get; }

        public LifecycleHandle<EnhancedCustomerInitiated.Options> EnhancedCustomer { get; }

        public LifecycleHandle<EnhancedBusinessInitiated.Options> EnhancedBusiness { get; }

        public LifecycleHandle<StandardCustomerInitiated.Options> StandardCustomer { get; }

        public LifecycleHandle<StandardBusinessInitiated.Options> StandardBusiness { get; }

        /// <summary>A customer's message creates an enhanced session (Waiting).</summary>
        public string Customer(string key, string partition = "ann/WhatsApp", EnhancedCustomerInitiated.Options? options = null)
        {
            Host.Start(key, partition, EnhancedCustomer, options ?? TenMinutes).OrThrow();
            return key;
        }

        /// <summary>A rep's opening message creates an enhanced business-initiated session (New, then Waiting).</summary>
        public HostResult<string, S, E> Rep(string key, string partition = "ann/WhatsApp", EnhancedBusinessInitiated.Options? options = null) =>
            Host.Start(key, partition, EnhancedBusiness, options ?? RepTenMinutes, firstEvent: E.OpeningMessage);

        public S Status(string key) => Host.Get(key).Status;

        public void Apply(string key, params E[] events)
        {
            foreach (E e in events)
            {
                Host.Apply(key, e).OrThrow();
            }
        }

        public void Advance(TimeSpan by)
        {
            Fake.Advance(by);
            Host.Advance();
        }

        /// <summary>Every change in the feed, from the first.</summary>
        public IReadOnlyList<SessionChange<string, string, S, E>> Feed => Host.ReadChanges(0, int.MaxValue);

        public void Dispose() => Host.Dispose();

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    /// <summary>A clock a test sets by hand, backwards too (FakeTimeProvider refuses to go back).</summary>
    public sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
